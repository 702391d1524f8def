"""Builders for athletes' data."""

from datetime import timedelta

from django.utils import timezone

from athletes.models import CrampEpisode


def make_episode(athlete, *, days_ago=0, hours_ago=0, suspected=(), **fields):
    defaults = {"muscle": "calves", "severity": 5}
    episode = CrampEpisode.objects.create(
        athlete=athlete,
        occurred_at=timezone.now() - timedelta(days=days_ago, hours=hours_ago),
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
