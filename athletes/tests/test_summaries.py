"""The dashboard's kept figures are the figures worked out afresh, whenever they are read.

Time alone changes them when an episode crosses the edge of a window, or, for a short history,
when the days before the last week grow; writes change them through the signals.
"""

from datetime import timedelta

import pytest
from django.utils import timezone

from athletes.insights import summary
from athletes.models import User
from athletes.tests.factories import make_episode

pytestmark = pytest.mark.django_db

MICRO = timedelta(microseconds=1)


def loaded(athlete):
    return User.objects.select_related("athlete_profile", "summary").get(pk=athlete.pk)


def kept_and_fresh(athlete, when):
    kept = summary.current([loaded(athlete)], now=when)[athlete.pk]
    fresh, _ = summary.compute([loaded(athlete)], now=when)[athlete.pk]
    return kept, fresh


@pytest.mark.parametrize("joined_days_ago", [400, 10])
def test_kept_figures_match_fresh_ones_across_every_edge(athlete, joined_days_ago):
    now = timezone.now()
    User.objects.filter(pk=athlete.pk).update(date_joined=now - timedelta(days=joined_days_ago))
    episodes = [
        make_episode(athlete, days_ago=days, hours_ago=hours, setting=setting, numbness=numb, severity=severity)
        for days, hours, setting, numb, severity in [
            (0, 3, "night", True, 9),
            (1, 5, "rest", False, 8),
            (2, 1, "night", False, 4),
            (3, 0, "training", False, 10),
            (5, 7, "night", False, 6),
            (9, 2, "rest", False, 5),
            (30, 4, "training", False, 3),
            (40, 0, "", False, 5),
        ]
    ]
    edges = [edge + delta for edge in summary.EDGES for delta in (-MICRO, timedelta(0), MICRO)]
    moments = {e.occurred_at + edge for e in episodes for edge in edges}
    moments |= {now + timedelta(hours=hours) for hours in range(0, 24 * 60, 13)}
    for when in sorted(moment for moment in moments if moment >= now):
        kept, fresh = kept_and_fresh(athlete, when)
        assert kept == fresh, when


def test_a_write_makes_the_figures_worked_out_again(athlete):
    now = timezone.now()
    make_episode(athlete, days_ago=1, setting="training")
    kept, _ = kept_and_fresh(athlete, now)
    assert kept.last_28 == 1
    episode = make_episode(athlete, days_ago=2, setting="night")
    kept, fresh = kept_and_fresh(athlete, now)
    assert kept == fresh
    assert kept.last_28 == 2
    episode.numbness = True
    episode.save()
    kept, fresh = kept_and_fresh(athlete, now)
    assert kept == fresh
    assert "numbness" in kept.reasons
    episode.delete()
    kept, _ = kept_and_fresh(athlete, now)
    assert kept.last_28 == 1


def test_moving_an_episode_to_another_athlete_updates_both_athletes_figures(athlete, other_athlete):
    now = timezone.now()
    episode = make_episode(athlete, days_ago=1, setting="training")
    assert kept_and_fresh(athlete, now)[0].last_28 == 1
    assert kept_and_fresh(other_athlete, now)[0].last_28 == 0

    moved = type(episode).objects.get(pk=episode.pk)  # loaded, as the admin loads it
    moved.athlete = other_athlete
    moved.save()

    for who, count in ((athlete, 0), (other_athlete, 1)):
        kept, fresh = kept_and_fresh(who, now)
        assert kept == fresh
        assert kept.last_28 == count
