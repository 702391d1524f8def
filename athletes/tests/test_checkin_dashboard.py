"""A coach sees on the dashboard who checked in today, each athlete's today in their own zone."""

from datetime import UTC, date, datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from athletes.insights import dashboard_rows
from athletes.models import DailyCheckIn, User
from athletes.tests.coaching import link
from conftest import count_queries, make_user

pytestmark = pytest.mark.django_db

# 23:30 UTC on 14 March: the 15th in Auckland, still the 14th in Los Angeles.
MOMENT = datetime(2026, 3, 14, 23, 30, tzinfo=UTC)


@pytest.fixture
def two_zones(coach):
    kiwi = make_user("kiri", first_name="Kiri", time_zone="Pacific/Auckland")
    angeleno = make_user("lou", first_name="Lou", time_zone="America/Los_Angeles")
    for athlete in (kiwi, angeleno):
        link(coach, athlete)
        DailyCheckIn.objects.create(athlete=athlete, day=date(2026, 3, 14), cramped=False)
    return kiwi, angeleno


def rows_by_name(coach):
    athletes = User.objects.filter(coach_links__coach=coach)
    return {row.athlete.first_name: row for row in dashboard_rows(athletes, now=MOMENT)}


def test_checked_in_today_is_counted_in_each_athletes_zone(coach, two_zones):
    rows = rows_by_name(coach)
    assert rows["Lou"].checked_in_today  # the 14th is Lou's today
    assert not rows["Kiri"].checked_in_today  # Kiri is already on the 15th


def test_a_checkin_for_the_new_day_counts(coach, two_zones):
    kiwi, _ = two_zones
    DailyCheckIn.objects.create(athlete=kiwi, day=date(2026, 3, 15), cramped=True)
    assert rows_by_name(coach)["Kiri"].checked_in_today


def test_the_rows_cached_html_changes_when_the_athlete_checks_in(coach, two_zones):
    kiwi, _ = two_zones
    before = rows_by_name(coach)["Kiri"].fragment_key
    DailyCheckIn.objects.create(athlete=kiwi, day=date(2026, 3, 15), cramped=False)
    assert rows_by_name(coach)["Kiri"].fragment_key != before


def test_the_dashboard_says_who_checked_in_today(coach_client, coach, two_zones, monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: MOMENT)
    html = coach_client.get(reverse("athletes:dashboard")).content.decode()
    assert html.count("Checked in today") == 1
    assert html.count("No check-in today") == 1
    lou_row = html[html.index(">Lou<") :]
    assert lou_row.index("Checked in today") < lou_row.index("</tr>")


def test_the_dashboard_reads_the_same_queries_with_more_athletes_and_checkins(coach_client, coach, two_zones):
    coach_client.get(reverse("athletes:dashboard"))  # the summaries are worked out once
    few = count_queries(coach_client, reverse("athletes:dashboard"))
    for n in range(6):
        athlete = make_user(f"extra{n}")
        link(coach, athlete)
        DailyCheckIn.objects.create(athlete=athlete, day=timezone.localdate(), cramped=bool(n % 2))
    coach_client.get(reverse("athletes:dashboard"))
    assert count_queries(coach_client, reverse("athletes:dashboard")) == few
