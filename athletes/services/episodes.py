"""Logging an episode or a check-in, the coach's emails about new red flags, and acknowledging a flag."""

from django.db import IntegrityError, transaction
from django.utils import timezone

from ..emails import email_after_commit
from ..insights import red_flag_reasons
from ..insights.flag_rules import EPISODE_FLAGS
from ..models import (
    CrampEpisode,
    DailyCheckIn,
    FlagAcknowledgement,
    User,
)


@transaction.atomic
def log_quick_episode(athlete, *, muscle, severity, idempotency_key, side="", occurred_at=None):
    """Save an episode from muscle and severity (and the side and time, if given: else now), once per key.

    Returns (episode, created). A second call with the same key, a double tap
    or a re-sent form, returns the first episode; the unique constraint on
    (athlete, idempotency_key) makes that hold for concurrent requests too.
    Two queries at most.
    """
    return CrampEpisode.objects.get_or_create(
        athlete=athlete,
        idempotency_key=idempotency_key,
        defaults={"muscle": muscle, "side": side, "severity": severity, "occurred_at": occurred_at or timezone.now()},
    )


def save_checkin(athlete, *, day, idempotency_key, **answers):
    """Save the athlete's check-in for `day` (their local date): one per day, once per key.

    Returns (check-in, saved). The same key sent again, a double tap or a form re-sent after going
    offline, returns the check-in it saved without changing anything (saved is False). A new key
    for a day that already has a check-in updates it. The unique constraints on (athlete, day) and
    (athlete, idempotency_key) hold for concurrent requests too: the loser reads the winner's row.
    Two or three queries.
    """
    try:
        with transaction.atomic():
            replayed = DailyCheckIn.objects.filter(athlete=athlete, idempotency_key=idempotency_key).first()
            if replayed is not None:
                return replayed, False
            checkin, _ = DailyCheckIn.objects.update_or_create(
                athlete=athlete, day=day, defaults={**answers, "idempotency_key": idempotency_key}
            )
            return checkin, True
    except IntegrityError:  # the same key or day saved a moment ago by a concurrent request
        replayed = DailyCheckIn.objects.filter(athlete=athlete, idempotency_key=idempotency_key).first()
        if replayed is not None:
            return replayed, False
        return save_checkin(athlete, day=day, idempotency_key=idempotency_key, **answers)


def episode_flags(episode):
    """The red flags this one episode raises. No queries."""
    return red_flag_reasons([episode]).keys() & EPISODE_FLAGS


def notify_coaches_of_new_flags(episode, *, flags_before=frozenset()):
    """Email the athlete's coaches when a save raised a flag the episode did not have. One query.

    The email names the episode, not its signs: the worker writes it from the episode as it is then
    (email_kinds.warning_sign).
    """
    if not episode_flags(episode) - set(flags_before):
        return
    athlete = episode.athlete
    coaches = User.objects.filter(athlete_links__athlete=athlete, athlete_links__ended_at__isnull=True)
    for coach in coaches.exclude(email=""):
        email_after_commit("warning-sign", recipient=coach, about=athlete, episode=episode.pk)


def acknowledge_flag(athlete, slug, *, by):
    """Record that `by` (the athlete or their coach) has seen the athlete's red flag `slug`, now.

    Each acknowledgement is kept, so the history says who saw the flag and when; the latest
    counts. The flag comes back when an episode logged after it raises the flag. One query.
    """
    return FlagAcknowledgement.objects.create(athlete=athlete, slug=slug, acknowledged_by=by)
