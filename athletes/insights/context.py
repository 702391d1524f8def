"""Context: which recent episodes were logged without the details that tell causes apart.

An episode lacks context when it has no setting and none of the session, fluid, sweat,
sleep or rest fields: a quick log left as it was. Heat and sweating left unsaid (None) are
empty; a "no" to either is an answer, and counts as context. Trigger analysis has little to go on there.
"""

from datetime import timedelta

from django.db.models import Q
from django.utils import timezone

from .trigger_rules import night_from_clock_only
from .triggers import WINDOW_DAYS

CONTEXT_DAYS = WINDOW_DAYS  # the same 28 days the trigger profile reads

# Each context field and the value it holds when left empty.
CONTEXT_FIELDS = {
    "setting": "",
    "minutes_into_session": None,
    "session_rpe": None,
    "hot_conditions": None,  # not said; a "no" is an answer, so context
    "fluid_intake": "",
    "heavy_sweating": None,
    "electrolytes_taken": False,
    "sleep_hours": None,
    "days_since_rest": None,
    "new_or_harder_training": False,
}


def _is_empty(name, empty):
    return (f"{name}__isnull", True) if empty is None else (name, empty)


LACKS_CONTEXT = Q(**dict(_is_empty(name, empty) for name, empty in CONTEXT_FIELDS.items()))


def lacks_context(episode):
    """Whether the episode has none of the context fields filled in. No queries."""
    return all(getattr(episode, name) == empty for name, empty in CONTEXT_FIELDS.items())


class WithoutContext(list):
    """Episodes lacking context, newest first, and how many of them read as night from the clock alone."""

    @property
    def night_by_clock(self):
        """How many were logged between midnight and 6 am with no setting: the athlete should confirm bed."""
        return sum(night_from_clock_only(episode) for episode in self)


def without_context(episodes, *, now=None):
    """Those of `episodes` (newest first) of the last 28 days that lack context, in the same order. No queries.

    The list's `night_by_clock` counts those read as night from the clock alone (in the current time zone).
    """
    since = (now or timezone.now()) - timedelta(days=CONTEXT_DAYS)
    return WithoutContext(e for e in episodes if e.occurred_at > since and lacks_context(e))


def next_without_context(athlete, *, occurred_at, pk, now=None):
    """The next episode lacking context, older than the one at (`occurred_at`, `pk`), in the last 28 days. One query.

    Newest first, as the log lists them; None when none is left.
    """
    since = (now or timezone.now()) - timedelta(days=CONTEXT_DAYS)
    older = Q(occurred_at__lt=occurred_at) | Q(occurred_at=occurred_at, pk__lt=pk)
    # Excluded by pk too: saving the form may have moved the episode's own time (to the minute).
    episodes = athlete.episodes.filter(LACKS_CONTEXT, older, occurred_at__gt=since).exclude(pk=pk)
    return episodes.order_by("-occurred_at", "-pk").first()
