"""Red flags: warning signs and patterns that mean the athlete should see a healthcare professional.

Which flags a window of episodes raises, and why, is insights.flag_rules; here they get the library's
wording and urgency, and the acknowledgements.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from library.models import RedFlag, in_active_language

from ..models import AthleteProfile, CrampEpisode, FlagAcknowledgement, User
from .flag_defaults import FLAG_DEFAULTS
from .flag_rules import flag_source, red_flag_reasons
from .medicines import cramp_medicines, has_text_to_read
from .triggers import WINDOW_DAYS

URGENCY_RANK = {RedFlag.Urgency.EMERGENCY: 0, RedFlag.Urgency.SAME_DAY: 1, RedFlag.Urgency.SOON: 2}


@dataclass
class RaisedFlag:
    slug: str
    title: str
    urgency: str
    guidance: str
    reason: str  # about the cramps, not to the reader: the athlete and the coach both read it
    latest: datetime | None = None  # the newest episode that raises it
    acknowledgement: FlagAcknowledgement | None = None  # set when it is acknowledged and nothing newer raised it
    source: str = ""  # why: the guidance behind it (flag_source)
    was_urgent: bool = False  # urgent, but its episode is more than two days old: now "book an appointment"

    @property
    def urgency_label(self):
        return RedFlag.Urgency(self.urgency).label

    @property
    def is_urgent(self):
        return self.urgency != RedFlag.Urgency.SOON


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
        # The library's wording in the reader's language; a row not yet written in it gives way to the
        # built-in wording (translated, and saying the same), never to the row's English.
        title = (in_active_language(flag, "title") if flag else "") or str(default_title)
        guidance = (in_active_language(flag, "guidance") if flag else "") or str(guidance)
        # Past 48 hours an urgent flag shows as "book an appointment"; the page adds, for whoever reads
        # it, that one not back to normal should still seek care today (templates/athletes/_red_flags.html).
        was_urgent = not reason.recent and urgency != RedFlag.Urgency.SOON
        if was_urgent:
            urgency = RedFlag.Urgency.SOON
        raised.append(
            RaisedFlag(
                slug=slug,
                title=title,
                urgency=urgency,
                guidance=guidance,
                reason=reason.text,
                latest=reason.latest,
                source=flag_source(slug),
                was_urgent=was_urgent,
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


def red_flags_for(athlete, *, episodes=None, profile=None, now=None, medicines=None):
    """The red flags the athlete's recent episodes and profile raise, most urgent first.

    Pass the window's `episodes` (newest first) and the athlete's `profile` if
    already loaded (a profile loaded with select_related counts as given), and the
    library's `medicines` if the page has them. Returns RaisedFlags: the active ones,
    and `acknowledged` apart. Two queries (one with `episodes`), plus one for the
    medicines when a note or the profile's other medicines is to be read and they
    are not given, plus two if any flag is raised (wording, acknowledgements).
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
    if medicines is None:
        medicines = cramp_medicines() if has_text_to_read(episodes, profile) else []
    history_start = history_start_for_flags(athlete, episodes, previous_count=previous, now=now)
    reasons = red_flag_reasons(
        episodes, previous_count=previous, profile=profile, history_start=history_start, now=now, medicines=medicines
    )
    flags = raise_flags(reasons)
    if not flags:
        return RaisedFlags()
    return apply_acknowledgements(flags, athlete.pk, acknowledgements_for([athlete.pk]))
