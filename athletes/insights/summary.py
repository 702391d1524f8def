"""Each athlete's dashboard figures, kept in one AthleteSummary row and worked out again only when they change.

The figures (episodes in the last 7 and 28 days and the 28 before, how many point to each
cause, the red flags' reasons, the last episode) come from 56 days of episodes with their
suspected causes and every rule run over them: too much to repeat for fifty athletes on every
dashboard. They change in two ways only:

- a write to what they are made from: an episode, its suspected causes, the athlete's profile
  (medicines) or account (time zone, joining date). `invalidate` bumps the row's version;
  athletes.signals calls it after each such write, wherever it comes from;
- the clock, when an episode crosses the edge of a window (48 hours for an urgent flag, 7, 28
  or 56 days) or, for an athlete with less than 28 days of history, when the whole days counted
  before the last week grow by one. `valid_until` is the first such moment.

`current` is the one place that reads the rows and works out again those out of date. It saves
a row only if its version is still the one it read, so a write made meanwhile is never lost.
"""

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import F, Max, Q
from django.utils import timezone, translation
from django.utils.dateparse import parse_datetime

from ..days import in_zone_of
from ..models import AthleteSummary, CrampEpisode
from .flag_rules import SUDDEN_DAYS, URGENT_FOR, Reason, red_flag_reasons
from .flags import cached_profile, history_start_for_flags
from .medicines import cramp_medicines, has_text_to_read
from .triggers import WINDOW_DAYS, episode_cause_slugs, with_suspicions

DAY = timedelta(days=1)
WINDOW = timedelta(days=WINDOW_DAYS)
# The edges an episode crosses as it ages: recent for an urgent flag, the last 7 days, the window, the one before.
EDGES = (URGENT_FOR, timedelta(days=SUDDEN_DAYS), WINDOW, 2 * WINDOW)


@dataclass
class Figures:
    """What the dashboard shows of one athlete's episodes, before the library's wording is added."""

    last_7: int
    last_28: int
    previous_28: int
    last_episode: datetime | None
    cause_counts: dict  # {cause slug: episodes of the window pointing to it}
    reasons: dict  # {red flag slug: Reason}, in the order red_flag_reasons gives them, in the active language
    # {red flag slug: {language code: the reason's text}}, every language of settings.LANGUAGES: what is stored,
    # so a coach reading in another language never gets a reason worked out in the first reader's
    reason_texts: dict = field(default=None, compare=False)


def _valid_until(episodes, *, short_history_start, now):
    """The first moment from `now` at which time alone changes the figures, or None. No queries.

    Every edge an episode of the 56 days will cross counts (some change nothing: working the
    figures out early is harmless). With a history shorter than the window, the days before the
    last week grow by one at the same time each day, and the history start leaves the window.
    """
    moments = [episode.occurred_at + edge for episode in episodes for edge in EDGES]
    if short_history_start is not None:
        week_edge = short_history_start + timedelta(days=SUDDEN_DAYS)
        moments += [short_history_start + WINDOW, week_edge + ((now - week_edge) // DAY + 1) * DAY]
    return min((moment for moment in moments if moment >= now), default=None)


def compute(athletes, *, now):
    """Work out the figures of `athletes` (users with their profiles loaded): {pk: (Figures, valid_until)}.

    Three queries, whatever the number of athletes: their last 56 days of episodes, those
    episodes' suspected causes, and each athlete's latest episode; one more, once, for the
    library's medicines when any note or profile's other medicines is to be read. Each athlete's figures are
    read in their own time zone (the dates in their flags' reasons), and written in every language.
    """
    ids = [athlete.pk for athlete in athletes]
    window_start = now - WINDOW
    episodes = with_suspicions(
        CrampEpisode.objects.filter(athlete_id__in=ids, occurred_at__gt=now - 2 * WINDOW).order_by("-occurred_at")
    )
    recent, previous = {pk: [] for pk in ids}, {pk: [] for pk in ids}
    for episode in episodes:
        (recent if episode.occurred_at > window_start else previous)[episode.athlete_id].append(episode)
    latest = dict(
        CrampEpisode.objects.filter(athlete_id__in=ids)
        .values("athlete_id")
        .annotate(last=Max("occurred_at"))
        .values_list("athlete_id", "last")
    )
    to_read = any(has_text_to_read(recent[athlete.pk], cached_profile(athlete)) for athlete in athletes)
    medicines = cramp_medicines() if to_read else []
    result = {}
    for athlete in athletes:
        window, before = recent[athlete.pk], previous[athlete.pk]
        active, reasons, reason_texts = translation.get_language(), None, {}
        with in_zone_of(athlete):
            history_start = history_start_for_flags(athlete, window, previous_count=len(before), now=now)
            for language, _ in settings.LANGUAGES:
                with translation.override(language):
                    in_language = red_flag_reasons(
                        window,
                        previous_count=len(before),
                        profile=cached_profile(athlete),
                        history_start=history_start,
                        now=now,
                        medicines=medicines,
                    )
                for slug, reason in in_language.items():
                    reason_texts.setdefault(slug, {})[language] = reason.text
                if language == active or reasons is None:
                    reasons = in_language
        figures = Figures(
            last_7=sum(e.occurred_at > now - timedelta(days=7) for e in window),
            last_28=len(window),
            previous_28=len(before),
            last_episode=latest.get(athlete.pk),
            cause_counts=dict(Counter(slug for e in window for slug in episode_cause_slugs(e))),
            reasons=reasons,
            reason_texts=reason_texts,
        )
        short = history_start if not before and history_start > window_start else None
        result[athlete.pk] = (figures, _valid_until(window + before, short_history_start=short, now=now))
    return result


def _text_in_active_language(texts):
    """The text of a stored reason in the active language (else the default one). Rows stored
    before there were languages hold one English text."""
    if isinstance(texts, str):
        return texts
    return texts.get(translation.get_language()) or texts.get(settings.LANGUAGE_CODE) or next(iter(texts.values()))


def _figures_of(row):
    return Figures(
        last_7=row.last_7,
        last_28=row.last_28,
        previous_28=row.previous_28,
        last_episode=row.last_episode_at,
        cause_counts=dict(row.cause_counts),
        reasons={
            slug: Reason(
                _text_in_active_language(texts), recent=recent, latest=parse_datetime(latest) if latest else None
            )
            for slug, texts, recent, latest in row.flag_reasons
        },
    )


def _store(row, figures, valid_until, *, now):
    row.computed_version = row.version
    row.computed_at, row.valid_until = now, valid_until
    row.last_7, row.last_28, row.previous_28 = figures.last_7, figures.last_28, figures.previous_28
    row.last_episode_at = figures.last_episode
    row.cause_counts = sorted(figures.cause_counts.items())
    row.flag_reasons = [
        [slug, figures.reason_texts[slug], reason.recent, reason.latest.isoformat() if reason.latest else None]
        for slug, reason in figures.reasons.items()
    ]


FIELDS = [
    "computed_version",
    "computed_at",
    "valid_until",
    "last_7",
    "last_28",
    "previous_28",
    "last_episode_at",
    "cause_counts",
    "flag_reasons",
]


def _is_current(row, now):
    return (
        row.computed_version == row.version
        and row.computed_at is not None
        and row.computed_at <= now
        and (row.valid_until is None or now < row.valid_until)
    )


def current(athletes, *, now=None):
    """Each athlete's figures as of `now`: {pk: Figures}. No queries when every row is current.

    `athletes` are users loaded with select_related("athlete_profile", "summary"). Rows that are
    missing are made first (one query); those out of date are worked out again together (see
    `compute`) and saved in one query, each only if no write has bumped its version meanwhile.
    """
    now = now or timezone.now()
    rows, missing = {}, []
    for athlete in athletes:
        try:
            rows[athlete.pk] = athlete.summary
        except AthleteSummary.DoesNotExist:
            missing.append(athlete.pk)
    if missing:
        # Made before the episodes are read: a write from now on bumps their version.
        made = [AthleteSummary(athlete_id=pk) for pk in missing]
        AthleteSummary.objects.bulk_create(made, ignore_conflicts=True)
        rows.update((row.athlete_id, row) for row in made)
    stale = [athlete for athlete in athletes if not _is_current(rows[athlete.pk], now)]
    stale_ids = {athlete.pk for athlete in stale}
    figures = {pk: _figures_of(row) for pk, row in rows.items() if pk not in stale_ids}
    if stale:
        worked_out = compute(stale, now=now)
        unchanged_since_read = Q()
        for athlete in stale:
            row = rows[athlete.pk]
            unchanged_since_read |= Q(pk=athlete.pk, version=row.version)
            figures[athlete.pk], valid_until = worked_out[athlete.pk]
            _store(row, figures[athlete.pk], valid_until, now=now)
        AthleteSummary.objects.filter(unchanged_since_read).bulk_update([rows[a.pk] for a in stale], FIELDS)
    return figures


def invalidate(athlete_ids):
    """Mark these athletes' figures out of date: the next dashboard works them out again. One query."""
    AthleteSummary.objects.filter(athlete_id__in=list(athlete_ids)).update(version=F("version") + 1)


def invalidate_all():
    """Mark every athlete's figures out of date (a library cause changed its slug, say). One query."""
    AthleteSummary.objects.update(version=F("version") + 1)
