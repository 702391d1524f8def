"""The plan's sessions in the athlete's calendar app: the days, the local time, the secret address."""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest
from django.urls import reverse
from django.utils import timezone

from athletes import insights
from athletes.models import AthleteProfile, PlanChange, RoutineAssignment
from conftest import make_user
from library.tests.factories import make_exercise

from .coaching import assign, link

pytestmark = pytest.mark.django_db

# A Monday, a week before London's clocks go back (25 Oct 2026) and two before Los Angeles' (1 Nov 2026).
MONDAY_MORNING = datetime(2026, 10, 19, 9, 0, tzinfo=UTC)


@pytest.fixture
def clock(monkeypatch):
    def set_to(moment):
        monkeypatch.setattr(timezone, "now", lambda: moment)
        return moment

    return set_to


def athlete_in(zone, username="tz-athlete"):
    return make_user(username, first_name="Robin", time_zone=zone)


def feed_url(athlete):
    profile = AthleteProfile.objects.get(user=athlete)
    return reverse("athletes:calendar-feed", args=[profile.calendar_token or profile.reset_calendar_token()])


def events(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    return icalendar.Calendar.from_ical(response.content).walk("VEVENT")


# The days --------------------------------------------------------------------------------


def plan(start, sessions_per_week=3, weeks=4):
    return RoutineAssignment(pk=1, start_date=start, sessions_per_week=sessions_per_week, weeks=weeks)


def test_three_sessions_a_week_from_a_monday_fall_on_monday_wednesday_and_friday():
    days = insights.session_days(plan(date(2026, 10, 19)), start=date(2026, 10, 19), days=14)
    assert [d.strftime("%a %d") for d in days] == ["Mon 19", "Wed 21", "Fri 23", "Mon 26", "Wed 28", "Fri 30"]


def test_no_session_falls_before_the_start_or_after_the_end():
    assignment = plan(date(2026, 10, 21), sessions_per_week=7, weeks=1)
    days = insights.session_days(assignment, start=date(2026, 10, 19), days=56)
    assert days == [date(2026, 10, 21) + timedelta(days=i) for i in range(7)]


def test_the_days_follow_a_change_of_sessions_a_week_from_its_day():
    assignment = plan(date(2026, 10, 19), sessions_per_week=1, weeks=4)
    change = PlanChange(
        pk=1,
        assignment=assignment,
        changed_at=datetime(2026, 10, 26, 8, 0, tzinfo=UTC),
        sessions_per_week_before=3,
        sessions_per_week_after=1,
    )
    days = insights.session_days(assignment, start=date(2026, 10, 19), days=21, changes=[change])
    # Three in the first week, then one a week from the Monday of the change.
    assert [d.isoformat() for d in days] == ["2026-10-19", "2026-10-21", "2026-10-23", "2026-10-26", "2026-11-02"]


# The feed ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("zone", "before_change_utc", "after_change_utc"),
    [
        # 18:00 in London: 17:00 UTC in summer time, 18:00 UTC after 25 October.
        ("Europe/London", datetime(2026, 10, 19, 17, 0, tzinfo=UTC), datetime(2026, 10, 26, 18, 0, tzinfo=UTC)),
        # 18:00 in Los Angeles: 01:00 UTC the next day in summer time, 02:00 UTC after 1 November.
        (
            "America/Los_Angeles",
            datetime(2026, 10, 20, 1, 0, tzinfo=UTC),
            datetime(2026, 11, 3, 2, 0, tzinfo=UTC),
        ),
    ],
)
def test_eight_weeks_of_sessions_at_six_in_the_evening_local_time_across_the_change_of_clocks(
    client, coach, clock, zone, before_change_utc, after_change_utc
):
    clock(MONDAY_MORNING)
    athlete = athlete_in(zone)
    link(coach, athlete)
    assign(coach, athlete, [make_exercise(name="Calf raises")], sessions_per_week=3, weeks=12)
    found = events(client, feed_url(athlete))
    assert len(found) == 3 * 8
    starts = [event.start for event in found]
    assert all(start.astimezone(ZoneInfo(zone)).time() == time(18, 0) for start in starts)
    assert all(start.astimezone(ZoneInfo(zone)).weekday() in (0, 2, 4) for start in starts)
    in_utc = {start.astimezone(UTC) for start in starts}
    assert before_change_utc in in_utc
    assert after_change_utc in in_utc
    assert all(event.end - event.start == timedelta(minutes=30) for event in found)
    assert all("Calf raises" in event["SUMMARY"] or "Calf raises" in event["DESCRIPTION"] for event in found)


def test_a_plan_that_ends_within_the_eight_weeks_stops_there(client, athlete, coach, clock):
    clock(MONDAY_MORNING)
    link(coach, athlete)
    assign(coach, athlete, [make_exercise()], sessions_per_week=2, weeks=3)
    found = events(client, feed_url(athlete))
    assert len(found) == 2 * 3
    assert max(e.start for e in found).date() < date(2026, 10, 19) + timedelta(weeks=3)


def test_the_athletes_own_time_of_day_is_used(client, coach, clock):
    clock(MONDAY_MORNING)
    athlete = athlete_in("America/Los_Angeles")
    link(coach, athlete)
    assign(coach, athlete, [make_exercise()], sessions_per_week=1, weeks=2)
    AthleteProfile.objects.filter(user=athlete).update(plan_session_time=time(7, 30))
    found = events(client, feed_url(athlete))
    assert [e.start.astimezone(ZoneInfo("America/Los_Angeles")) for e in found] == [
        datetime(2026, 10, 19, 7, 30, tzinfo=ZoneInfo("America/Los_Angeles")),
        datetime(2026, 10, 26, 7, 30, tzinfo=ZoneInfo("America/Los_Angeles")),
    ]


def test_event_uids_stay_the_same_when_the_feed_is_read_again(client, athlete, coach, clock):
    clock(MONDAY_MORNING)
    link(coach, athlete)
    assign(coach, athlete, [make_exercise()], sessions_per_week=3, weeks=12)
    url = feed_url(athlete)
    first = {e.start.date(): str(e["UID"]) for e in events(client, url)}
    clock(MONDAY_MORNING + timedelta(days=2, hours=12))  # Wednesday evening: Monday is gone from the feed
    second = {e.start.date(): str(e["UID"]) for e in events(client, url)}
    assert len(set(first.values())) == len(first)
    assert date(2026, 10, 19) not in second
    assert all(first[day] == uid for day, uid in second.items() if day in first)


def test_without_an_active_plan_the_feed_is_empty(client, athlete, coach, clock):
    clock(MONDAY_MORNING)
    url = feed_url(athlete)
    assert events(client, url) == []
    link(coach, athlete)
    assignment = assign(coach, athlete, [make_exercise()])
    assignment.is_active = False
    assignment.ended_on = date(2026, 10, 19)
    assignment.save()
    assert events(client, url) == []


def test_the_feed_shows_only_its_own_athletes_plan(client, athlete, other_athlete, coach, clock):
    clock(MONDAY_MORNING)
    link(coach, other_athlete)
    assign(coach, other_athlete, [make_exercise()])
    assert events(client, feed_url(athlete)) == []
    assert len(events(client, feed_url(other_athlete))) == 3 * 4


# The secret address ---------------------------------------------------------------------------


def test_an_athlete_makes_the_link_when_they_ask_and_reads_it_on_the_page(athlete_client, athlete):
    page = athlete_client.get(reverse("athletes:plan-calendar")).content.decode()
    assert "Make my calendar link" in page
    assert AthleteProfile.objects.get(user=athlete).calendar_token is None
    assert athlete_client.post(reverse("athletes:plan-calendar"), {"create": "1"}).status_code == 302
    token = AthleteProfile.objects.get(user=athlete).calendar_token
    page = athlete_client.get(reverse("athletes:plan-calendar")).content.decode()
    assert f"http://testserver/calendar/{token}.ics" in page
    assert "Add this link to your calendar app" in page


def test_resetting_asks_first_then_the_old_address_answers_404(athlete_client, client, athlete):
    old = feed_url(athlete)
    reset = reverse("athletes:reset-plan-calendar")
    assert "Reset your calendar link?" in athlete_client.get(reset).content.decode()
    assert athlete_client.get(old).status_code == 200
    assert athlete_client.post(reset).status_code == 302
    new = feed_url(athlete)
    assert new != old
    assert client.get(old).status_code == 404
    assert client.get(new).status_code == 200


@pytest.mark.parametrize("token", ["not-a-token", "x" * 43, ""])
def test_a_strangers_token_is_404(client, athlete, token):
    feed_url(athlete)
    assert client.get(f"/calendar/{token}.ics").status_code == 404


def test_the_feed_is_private_and_unindexed(client, athlete):
    response = client.get(feed_url(athlete))
    assert "no-store" in response["Cache-Control"]
    assert "noindex" in response["X-Robots-Tag"]


@pytest.mark.parametrize("name", ["athletes:plan-calendar", "athletes:reset-plan-calendar"])
@pytest.mark.parametrize("method", ["get", "post"])
def test_coaches_and_visitors_cannot_touch_an_athletes_calendar_link(client, coach, name, method):
    response = getattr(client, method)(reverse(name))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
    client.force_login(coach)
    assert getattr(client, method)(reverse(name)).status_code == 404


def test_there_is_nothing_to_reset_before_a_link_is_made(athlete_client):
    assert athlete_client.get(reverse("athletes:reset-plan-calendar")).status_code == 404


def test_the_session_time_is_set_on_the_calendar_page(athlete_client, athlete):
    response = athlete_client.post(reverse("athletes:plan-calendar"), {"time": "1", "plan_session_time": "06:45"})
    assert response.status_code == 302
    assert AthleteProfile.objects.get(user=athlete).plan_session_time == time(6, 45)


@pytest.mark.parametrize("value", ["25:00", "noon", "", "18:00\x00"])
def test_a_bad_session_time_is_a_form_error_and_saves_nothing(athlete_client, athlete, value):
    response = athlete_client.post(reverse("athletes:plan-calendar"), {"time": "1", "plan_session_time": value})
    assert response.status_code == 200
    assert response.context["form"].errors["plan_session_time"]
    assert AthleteProfile.objects.get(user=athlete).plan_session_time == time(18, 0)


def test_the_routine_page_links_to_the_calendar(athlete_client, athlete, coach):
    link(coach, athlete)
    assign(coach, athlete, [make_exercise()])
    body = athlete_client.get(reverse("athletes:routine")).content.decode()
    assert reverse("athletes:plan-calendar") in body


def test_the_feed_of_a_deactivated_account_answers_404(client, athlete):
    url = feed_url(athlete)
    athlete.is_active = False
    athlete.save()
    assert client.get(url).status_code == 404
