"""Red flags: warning signs and patterns that mean the athlete should see a healthcare professional."""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone, translation
from django.utils.formats import date_format, number_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from library.models import RedFlag

from ..models import AthleteProfile, CrampEpisode, FlagAcknowledgement, User
from .flag_defaults import FLAG_DEFAULTS
from .triggers import WINDOW_DAYS, at_night, at_rest_away_from_training, hard_or_long_session

# Red flags ---------------------------------------------------------------
#
# Warning signs on any episode of the window raise their flag. A same-day or
# emergency flag stays urgent only while its episode is recent (48 hours);
# after that it still shows, as "book an appointment".
# - Swelling of one leg (or a side not given) is a possible clot: same day.
#   Swelling of both legs: book an appointment.
# - After a hard or long session (triggers.hard_or_long_session): dark urine, or a
#   severe cramp (8+/10) with weakness, is possible muscle breakdown: same day,
#   ask for a CK blood test ("dark-urine"). Dark urine without such a session
#   raises its own same-day flag.
# Patterns: 12+ cramps in 28 days, or a 10/10 cramp, or two of 8+/10 (frequent
# or severe); rising: at least double the 28 days before, from at least one, and
# 4+; or suddenly 4+ in the last 7 days against at most one a week in the up to
# 21 days of history before them, including none; 3+ night cramps (sleep); 3+
# cramps at rest away from training (no obvious cause); cramps while the profile
# lists a medicine linked with cramps.

URGENCY_RANK = {RedFlag.Urgency.EMERGENCY: 0, RedFlag.Urgency.SAME_DAY: 1, RedFlag.Urgency.SOON: 2}
URGENT_FOR = timedelta(hours=48)

FREQUENT_PER_28_DAYS = 12  # three a week
SEVERE_AT = 8
SEVERE_EPISODES = 2
WORST = 10
RISING_MIN_EPISODES = 4
SUDDEN_DAYS = 7
SUDDEN_MIN_EPISODES = 4  # in the last 7 days
SUDDEN_MAX_BEFORE_PER_WEEK = 1  # in the days of the window before them
SUDDEN_MIN_DAYS_BEFORE = 7  # of history before the last 7 days, to compare with
NIGHT_EPISODES = 3
REST_EPISODES = 3


@dataclass(frozen=True)
class Reason:
    text: str
    recent: bool = True  # False: the episode behind it is older than URGENT_FOR
    latest: datetime | None = field(default=None, compare=False)  # the newest episode that raises it


@dataclass
class RaisedFlag:
    slug: str
    title: str
    urgency: str
    guidance: str
    reason: str
    latest: datetime | None = None  # the newest episode that raises it
    acknowledgement: FlagAcknowledgement | None = None  # set when it is acknowledged and nothing newer raised it

    @property
    def urgency_label(self):
        return RedFlag.Urgency(self.urgency).label

    @property
    def is_urgent(self):
        return self.urgency != RedFlag.Urgency.SOON


# A warning sign and the day it was logged: "Numbness logged on 3 Mar."
LOGGED_ON = gettext_lazy("%(sign)s logged on %(day)s.")


def _date(when):
    return date_format(timezone.localtime(when), "j M")


def _one_side_or_unknown(episode):
    return episode.side != CrampEpisode.Side.BOTH


def _episode_signs(episode):
    """The flags one episode raises, with their reasons: [(slug, text)]. No queries."""
    long_cramp = episode.duration_minutes is not None and episode.duration_minutes > 10
    if not long_cramp and not any(getattr(episode, sign) for sign in CrampEpisode.WARNING_SIGNS):
        return []  # most episodes: nothing to say, and no date to format
    day = _date(episode.occurred_at)
    hard = hard_or_long_session(episode)
    signs = []
    breakdown = hard and (episode.dark_urine or (episode.muscle_weakness and episode.severity >= SEVERE_AT))
    if breakdown:
        if episode.dark_urine:
            text = _("Dark urine after hard or long exercise, logged on %(day)s.") % {"day": day}
        else:
            text = _("A %(severity)s/10 cramp with muscle weakness after hard or long exercise, logged on %(day)s.") % {
                "severity": episode.severity,
                "day": day,
            }
        signs.append(("dark-urine", text))
    for sign, slug in CrampEpisode.WARNING_SIGNS.items():
        if not getattr(episode, sign):
            continue
        label = capfirst(episode._meta.get_field(sign).verbose_name)
        if sign == "leg_swelling":
            if _one_side_or_unknown(episode):
                text = {
                    CrampEpisode.Side.LEFT: _("Swelling, redness or skin changes of the left leg logged on %(day)s."),
                    CrampEpisode.Side.RIGHT: _("Swelling, redness or skin changes of the right leg logged on %(day)s."),
                }.get(episode.side, _("Swelling, redness or skin changes of a leg (side not given) logged on %(day)s."))
                signs.append(("clot-signs", text % {"day": day}))
            else:
                text = _("Swelling, redness or skin changes of both legs logged on %(day)s.") % {"day": day}
                signs.append((slug, text))
        elif sign == "dark_urine":
            if not breakdown:
                signs.append(("dark-urine-without-hard-exercise", LOGGED_ON % {"sign": label, "day": day}))
        else:
            signs.append((slug, LOGGED_ON % {"sign": label, "day": day}))
    if long_cramp:
        minutes = number_format(episode.duration_minutes.normalize())
        signs.append(
            ("long-cramp", _("A cramp on %(day)s lasted %(minutes)s minutes.") % {"day": day, "minutes": minutes})
        )
    return signs


def _sudden_rise(episodes, *, now, history_start):
    """Reason text if the last 7 days hold 4+ cramps against at most one a week before, else None. No queries."""
    week_start = now - timedelta(days=SUDDEN_DAYS)
    last_week = sum(e.occurred_at > week_start for e in episodes)
    if last_week < SUDDEN_MIN_EPISODES:
        return None
    before_start = now - timedelta(days=WINDOW_DAYS)
    if history_start is not None:
        before_start = max(before_start, history_start)
    days_before = (week_start - before_start).days
    if days_before < SUDDEN_MIN_DAYS_BEFORE:
        return None  # too little history before the last week to call it a rise
    before = sum(before_start < e.occurred_at <= week_start for e in episodes)
    if before / (days_before / 7) > SUDDEN_MAX_BEFORE_PER_WEEK:
        return None
    return _("%(recent)s cramps in the last %(days)s days, against %(before)s in the %(days_before)s days before.") % {
        "recent": last_week,
        "days": SUDDEN_DAYS,
        "before": before,
        "days_before": days_before,
    }


def _medicines_reason(profile, count):
    """Only a ticked class linked with cramps raises the flag; other medicines are named beside it."""
    if not profile.medicines_listed:
        return None
    names = [str(name) for name in profile.medicines_listed] + (
        [_("other medicines (%(names)s)") % {"names": profile.other_medicines}] if profile.other_medicines else []
    )
    listed = (
        names[0]
        if len(names) == 1
        else _("%(first)s and %(last)s") % {"first": ", ".join(names[:-1]), "last": names[-1]}
    )
    return ngettext(
        "%(medicines)s listed in the profile, with %(count)s cramp in the last %(days)s days.",
        "%(medicines)s listed in the profile, with %(count)s cramps in the last %(days)s days.",
        count,
    ) % {"medicines": capfirst(listed), "count": count, "days": WINDOW_DAYS}


def _logged_at(episode):
    """When the athlete told us: an acknowledgement holds until an episode is logged after it."""
    return episode.created_at or episode.occurred_at


def red_flag_reasons(episodes, *, previous_count=0, profile=None, history_start=None, now=None):
    """Which red flags these recent episodes raise: {slug: Reason}. No queries.

    `episodes` are the last 28 days' episodes, newest first (so a reason names
    the latest); `previous_count` is how many the athlete had in the 28 days
    before, for the rising-frequency rule; `profile` (an AthleteProfile) gives the
    medicines; `history_start` is when the athlete's history begins (None: long
    enough ago), so a sudden rise is only called against days that were logged.
    """
    now = now or timezone.now()
    reasons = {}

    def note(slug, episode, text):
        reasons.setdefault(
            slug, Reason(text, recent=now - episode.occurred_at <= URGENT_FOR, latest=_logged_at(episode))
        )

    def newest(matching=lambda episode: True):
        return max((_logged_at(e) for e in episodes if matching(e)), default=None)

    for episode in episodes:
        for slug, text in _episode_signs(episode):
            note(slug, episode, text)
    count = len(episodes)
    severe = sum(e.severity >= SEVERE_AT for e in episodes)
    worst = next((e for e in episodes if e.severity >= WORST), None)
    if count >= FREQUENT_PER_28_DAYS:
        reasons["frequent-or-severe"] = Reason(
            _("%(count)s cramps in the last %(days)s days.") % {"count": count, "days": WINDOW_DAYS}, latest=newest()
        )
    elif severe >= SEVERE_EPISODES:
        reasons["frequent-or-severe"] = Reason(
            _("%(count)s severe cramps (8 or more out of 10) in the last %(days)s days.")
            % {"count": severe, "days": WINDOW_DAYS},
            latest=newest(lambda e: e.severity >= SEVERE_AT),
        )
    elif worst:
        reasons["frequent-or-severe"] = Reason(
            _("A 10/10 cramp on %(day)s.") % {"day": _date(worst.occurred_at)}, latest=_logged_at(worst)
        )
    sudden = _sudden_rise(episodes, now=now, history_start=history_start)
    if sudden:
        reasons["rising-frequency"] = Reason(sudden, latest=newest())
    elif previous_count and count >= RISING_MIN_EPISODES and count >= 2 * previous_count:
        reasons["rising-frequency"] = Reason(
            _("%(count)s cramps in the last %(days)s days, against %(before)s the %(days)s days before.")
            % {"count": count, "days": WINDOW_DAYS, "before": previous_count},
            latest=newest(),
        )
    nights = sum(at_night(e) for e in episodes)
    if nights >= NIGHT_EPISODES:
        reasons["sleep-disturbing"] = Reason(
            _("%(count)s cramps at night in the last %(days)s days.") % {"count": nights, "days": WINDOW_DAYS},
            latest=newest(at_night),
        )
    at_rest = sum(at_rest_away_from_training(e) for e in episodes)
    if at_rest >= REST_EPISODES:
        reasons["no-obvious-cause"] = Reason(
            _("%(count)s cramps at rest, away from training, in the last %(days)s days.")
            % {"count": at_rest, "days": WINDOW_DAYS},
            latest=newest(at_rest_away_from_training),
        )
    if profile is not None and count and (text := _medicines_reason(profile, count)):
        reasons["medicines-and-conditions"] = Reason(text, latest=newest())
    return reasons


def flag_wording(slugs):
    """The library's red-flag rows for these slugs: {slug: RedFlag}. One query (none for no slugs)."""
    slugs = set(slugs)
    return {flag.slug: flag for flag in RedFlag.objects.filter(slug__in=slugs)} if slugs else {}


def raise_flags(reasons, *, wording=None):
    """Turn {slug: Reason} into RaisedFlags with the library's wording, most urgent first.

    One query unless `wording` (from flag_wording) is given.
    """
    wording = flag_wording(reasons) if wording is None else wording
    raised = []
    for slug, reason in reasons.items():
        default_title, urgency, guidance = FLAG_DEFAULTS[slug]
        flag = wording.get(slug)
        urgency = flag.urgency if flag else urgency
        # The library's rows are written in English; in another language the built-in wording
        # (translated, and saying the same) is what the athlete can read.
        in_library_language = translation.get_language() in (None, settings.LANGUAGE_CODE)
        text = reason.text
        if not reason.recent and urgency != RedFlag.Urgency.SOON:
            urgency = RedFlag.Urgency.SOON
            text += " " + _("That was more than two days ago: if you are not back to normal, seek care today.")
        raised.append(
            RaisedFlag(
                slug=slug,
                title=flag.title if flag and in_library_language else str(default_title),
                urgency=urgency,
                guidance=flag.guidance if flag and in_library_language else str(guidance),
                reason=text,
                latest=reason.latest,
            )
        )
    return sorted(raised, key=lambda f: URGENCY_RANK[f.urgency])


class RaisedFlags(list):
    """The flags to act on, most urgent first; `acknowledged` holds those acknowledged since their last episode."""

    def __init__(self, active=(), acknowledged=()):
        super().__init__(active)
        self.acknowledged = list(acknowledged)


def acknowledgements_for(athlete_ids):
    """{(athlete id, slug): the latest FlagAcknowledgement}, with who acknowledged. One query.

    Every acknowledgement is kept; the latest of each flag is the one that counts.
    """
    rows = (
        FlagAcknowledgement.objects.filter(athlete_id__in=athlete_ids)
        .select_related("acknowledged_by")
        .order_by("acknowledged_at", "pk")
    )
    return {(row.athlete_id, row.slug): row for row in rows}


def apply_acknowledgements(flags, athlete_id, acknowledgements):
    """Split `flags` into active and acknowledged (RaisedFlags). No queries.

    An acknowledgement holds until an episode newer than it raises the flag again.
    """
    active, acknowledged = [], []
    for flag in flags:
        ack = acknowledgements.get((athlete_id, flag.slug))
        if ack is not None and (flag.latest is None or flag.latest <= ack.acknowledged_at):
            flag.acknowledgement = ack
            acknowledged.append(flag)
        else:
            active.append(flag)
    return RaisedFlags(active, acknowledged)


def _previous_window(now):
    return {
        "occurred_at__gt": now - timedelta(days=2 * WINDOW_DAYS),
        "occurred_at__lte": now - timedelta(days=WINDOW_DAYS),
    }


def previous_window_count(athlete, *, now=None):
    """How many episodes the athlete had in the 28 days before the current window. One query."""
    now = now or timezone.now()
    return CrampEpisode.objects.filter(athlete=athlete, **_previous_window(now)).count()


def _previous_count_and_medicines(athlete, *, now):
    """The previous window's count and an unsaved profile holding the medicines, in one query."""
    previous = (
        CrampEpisode.objects.filter(athlete=OuterRef("pk"), **_previous_window(now))
        .order_by()
        .values("athlete")
        .annotate(n=Count("pk"))
        .values("n")
    )
    fields = [*AthleteProfile.MEDICINES, "other_medicines"]
    row = (
        User.objects.filter(pk=athlete.pk)
        .annotate(previous=Coalesce(Subquery(previous), 0))
        .values("previous", *(f"athlete_profile__{name}" for name in fields))
        .get()
    )
    medicines = {name: row[f"athlete_profile__{name}"] for name in fields}
    profile = AthleteProfile(**{name: value for name, value in medicines.items() if value is not None})
    return row["previous"], profile


def cached_profile(user):
    """The user's athlete profile if already loaded (select_related), else None. No queries."""
    if not User.athlete_profile.is_cached(user):
        return None
    try:
        return user.athlete_profile
    except AthleteProfile.DoesNotExist:
        return AthleteProfile(user=user)


def history_start_for_flags(athlete, episodes, *, previous_count, now):
    """When the athlete's logged history begins, as far as these figures tell. No queries.

    Joining, or an earlier episode in the window; any episode in the 28 days before
    the window means history covers the whole window.
    """
    if previous_count:
        return now - timedelta(days=WINDOW_DAYS)
    return min([athlete.date_joined, *(e.occurred_at for e in episodes)])


def red_flags_for(athlete, *, episodes=None, profile=None, now=None):
    """The red flags the athlete's recent episodes and profile raise, most urgent first.

    Pass the window's `episodes` (newest first) and the athlete's `profile` if
    already loaded (a profile loaded with select_related counts as given). Returns
    RaisedFlags: the active ones, and `acknowledged` apart. Two queries (one with
    `episodes`), plus two if any flag is raised (wording, acknowledgements).
    """
    now = now or timezone.now()
    if episodes is None:
        since = now - timedelta(days=WINDOW_DAYS)
        episodes = list(athlete.episodes.filter(occurred_at__gt=since).order_by("-occurred_at"))
    profile = profile or cached_profile(athlete)
    if profile is None:
        previous, profile = _previous_count_and_medicines(athlete, now=now)
    else:
        previous = previous_window_count(athlete, now=now)
    history_start = history_start_for_flags(athlete, episodes, previous_count=previous, now=now)
    flags = raise_flags(
        red_flag_reasons(episodes, previous_count=previous, profile=profile, history_start=history_start, now=now)
    )
    if not flags:
        return RaisedFlags()
    return apply_acknowledgements(flags, athlete.pk, acknowledgements_for([athlete.pk]))
