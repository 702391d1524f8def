"""Builders for athletes' data."""

from datetime import timedelta

from django.utils import timezone

from athletes.models import CrampEpisode


def yesterday_afternoon():
    """A moment that is never in the small hours, whenever a test runs (they read as night cramps)."""
    return (timezone.localtime() - timedelta(days=1)).replace(hour=15, minute=0, second=0, microsecond=0)


def make_episode(athlete, *, days_ago=0, hours_ago=0, at=None, suspected=(), **fields):
    defaults = {"muscle": "calves", "severity": 5}
    episode = CrampEpisode.objects.create(
        athlete=athlete,
        occurred_at=at or timezone.now() - timedelta(days=days_ago, hours=hours_ago),
        **{**defaults, **fields},
    )
    if suspected:
        episode.suspected_causes.set(suspected)
    return episode


def make_episodes(athlete, count, *, spread_days=27, **fields):
    """`count` episodes spread over the last `spread_days` days."""
    return [
        make_episode(athlete, days_ago=(i * spread_days) // max(count, 1), hours_ago=i % 24, **fields)
        for i in range(count)
    ]
