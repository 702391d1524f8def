"""Days, weeks and times follow the athlete's own time zone, whoever looks and from wherever."""

import zoneinfo
from datetime import UTC, date, datetime, timedelta

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import IntegrityError, transaction
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse
from django.utils import dateformat, timezone

from athletes import insights
from athletes.models import CrampEpisode, RoutineAssignment, RoutineSession, User
from athletes.tests.coaching import assign, link
from conftest import make_user
from cramps.middleware import TimezoneMiddleware
from library.tests.factories import make_exercise, make_template

pytestmark = pytest.mark.django_db

HONOLULU = zoneinfo.ZoneInfo("Pacific/Honolulu")  # UTC−10, no summer time
TONGA = zoneinfo.ZoneInfo("Pacific/Tongatapu")  # UTC+13, no summer time
TOKYO = zoneinfo.ZoneInfo("Asia/Tokyo")


@pytest.fixture
def jordan(db):
    """An athlete in Honolulu."""
    return make_user("jordan", first_name="Jordan", time_zone="Pacific/Honolulu")


@pytest.fixture
def tevita(db):
    """An athlete in Tonga."""
    return make_user("tevita", first_name="Tevita", time_zone="Pacific/Tongatapu")


@pytest.fixture
def clock(monkeypatch):
    """Set the server's clock to a UTC moment: clock(datetime(..., tzinfo=UTC))."""

    def set_to(moment):
        monkeypatch.setattr(timezone, "now", lambda: moment)
        # A session logged in on the real clock would have expired by a moment hours ahead of it: it
        # counts as made at the clock's moment, whatever the time of day the tests run at.
        Session.objects.update(expire_date=moment + timedelta(seconds=settings.SESSION_COOKIE_AGE))
        return moment

    return set_to


def utc_today_at(hour, minute=0):
    """Today's real UTC date at the given UTC time, so sessions and windows stay current."""
    return datetime.combine(datetime.now(UTC).date(), datetime.min.time(), tzinfo=UTC).replace(hour=hour, minute=minute)


def at_local(day, hour, minute, zone):
    return datetime.combine(day, datetime.min.time(), tzinfo=zone).replace(hour=hour, minute=minute)


def this_monday(user):
    today = insights.local_today(user)
    return today - timedelta(days=today.weekday())


def week_text(monday, count):
    """The weekly chart's text alternative for one week."""
    return f"Week starting {dateformat.format(monday, 'j M')}: {count}."


# The helpers -------------------------------------------------------------------


def test_a_users_zone_is_their_own_and_the_sites_default_otherwise(jordan):
    assert insights.zone_of(jordan) == HONOLULU
    assert insights.zone_of(User(time_zone="Not/AZone")) == zoneinfo.ZoneInfo("UTC")
    assert insights.zone_of(None) == zoneinfo.ZoneInfo("UTC")


def test_today_is_the_athletes_date_not_the_servers(jordan, tevita):
    moment = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
    assert insights.local_today(jordan, moment) == date(2026, 3, 1)  # 23:30 the evening before
    assert insights.local_today(tevita, moment) == date(2026, 3, 2)  # 22:30 the same day
    with insights.in_zone_of(jordan):
        assert timezone.localdate(moment) == date(2026, 3, 1)
    assert timezone.localdate(moment) == date(2026, 3, 2)  # the zone is back to the server's


def test_local_midnight_is_in_the_given_zone_or_the_current_one():
    assert insights.local_midnight(date(2026, 3, 2), HONOLULU) == datetime(2026, 3, 2, 10, tzinfo=UTC)
    with timezone.override(TONGA):
        assert insights.local_midnight(date(2026, 3, 2)) == datetime(2026, 3, 1, 11, tzinfo=UTC)


def test_the_database_refuses_a_blank_time_zone(jordan):
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.filter(pk=jordan.pk).update(time_zone="")


# The middleware ----------------------------------------------------------------


def _zone_during_request(user, cookie=None):
    seen = {}

    def view(request):
        seen["zone"] = timezone.get_current_timezone_name()
        return HttpResponse()

    request = RequestFactory().get("/")
    request.user = user
    if cookie:
        request.COOKIES["tz"] = cookie
    TimezoneMiddleware(view)(request)
    return seen["zone"]


def test_a_signed_in_users_own_zone_holds_whatever_the_browser_cookie_says(jordan):
    assert _zone_during_request(jordan, cookie="Asia/Tokyo") == "Pacific/Honolulu"
    assert timezone.get_current_timezone_name() == "UTC"  # and ends with the request


def test_visitors_get_the_browser_cookies_zone_and_the_default_without_a_good_one():
    from django.contrib.auth.models import AnonymousUser

    assert _zone_during_request(AnonymousUser(), cookie="Asia/Tokyo") == "Asia/Tokyo"
    assert _zone_during_request(AnonymousUser(), cookie="Not/AZone") == "UTC"
    assert _zone_during_request(AnonymousUser()) == "UTC"


# Sign-up and profile -----------------------------------------------------------

SIGNUP = {
    "username": "kenji",
    "first_name": "Kenji",
    "email": "kenji@example.com",
    "role": "athlete",
    "athlete_type": "gym",
    "password1": "calf-raise-tempo-33",
    "password2": "calf-raise-tempo-33",
}


def test_sign_up_asks_for_the_time_zone_prefilled_from_the_browser_cookie(client):
    client.cookies["tz"] = "Asia/Tokyo"
    body = client.get(reverse("signup")).content.decode()
    assert "Time zone" in body
    assert '<option value="Asia/Tokyo" selected>' in body
    assert "data-browser-zone" in body  # cramps.js may refine it until the person picks


def test_sign_up_starts_at_the_sites_zone_without_a_cookie(client):
    body = client.get(reverse("signup")).content.decode()
    assert '<option value="UTC" selected>' in body


def test_a_new_athlete_keeps_the_zone_they_chose(client):
    response = client.post(reverse("signup"), {**SIGNUP, "time_zone": "Asia/Tokyo"})
    assert response.status_code == 302
    assert User.objects.get(username="kenji").time_zone == "Asia/Tokyo"


def test_an_unknown_zone_at_sign_up_is_a_form_error_and_saves_nothing(client):
    response = client.post(reverse("signup"), {**SIGNUP, "time_zone": "Mars/Olympus_Mons"})
    assert response.status_code == 200
    assert "Choose a time zone from the list" in " ".join(response.context["form"].errors["time_zone"])
    assert 'id="error_1_id_time_zone"' in response.content.decode()
    assert "data-browser-zone" not in response.content.decode()  # the person's own choice stays
    assert not User.objects.filter(username="kenji").exists()


def test_an_athlete_changes_their_zone_on_the_profile(athlete_client, athlete):
    assert '<option value="UTC" selected>' in athlete_client.get(reverse("profile")).content.decode()
    response = athlete_client.post(
        reverse("profile"),
        {"account-email": athlete.email, "account-time_zone": "Pacific/Tongatapu", "profile-athlete_type": "gym"},
    )
    assert response.status_code == 302
    athlete.refresh_from_db()
    assert athlete.time_zone == "Pacific/Tongatapu"


def test_a_coach_changes_their_zone_on_the_profile(coach_client, coach):
    assert "Time zone" in coach_client.get(reverse("profile")).content.decode()
    coach_client.post(reverse("profile"), {"account-email": coach.email, "account-time_zone": "Europe/Madrid"})
    coach.refresh_from_db()
    assert coach.time_zone == "Europe/Madrid"


def test_an_unknown_zone_on_the_profile_is_a_form_error_and_saves_nothing(athlete_client, athlete):
    response = athlete_client.post(
        reverse("profile"),
        {"account-email": athlete.email, "account-time_zone": "Nowhere", "profile-athlete_type": "endurance"},
    )
    assert response.status_code == 200
    assert "Choose a time zone from the list" in response.content.decode()
    athlete.refresh_from_db()
    assert athlete.time_zone == "UTC"
    assert athlete.athlete_profile.athlete_type == "gym"


# Logging in the athlete's zone -------------------------------------------------


def _episode_form(when):
    return {"occurred_at": when.strftime("%Y-%m-%dT%H:%M"), "muscle": "calves", "severity": "6"}


def test_a_tokyo_athlete_logs_a_cramp_five_minutes_ago_in_local_time(client):
    kenji = make_user("kenji", time_zone="Asia/Tokyo")
    client.force_login(kenji)
    client.cookies["tz"] = "America/New_York"  # a browser elsewhere changes nothing
    five_minutes_ago = timezone.now().astimezone(TOKYO) - timedelta(minutes=5)
    response = client.post(reverse("athletes:episode-create"), _episode_form(five_minutes_ago))
    assert response.status_code == 302
    episode = CrampEpisode.objects.get(athlete=kenji)
    assert abs(episode.occurred_at - (timezone.now() - timedelta(minutes=5))) < timedelta(minutes=1)


def test_a_tokyo_athlete_cannot_log_a_cramp_an_hour_ahead(client):
    kenji = make_user("kenji", time_zone="Asia/Tokyo")
    client.force_login(kenji)
    in_an_hour = timezone.now().astimezone(TOKYO) + timedelta(hours=1)
    response = client.post(reverse("athletes:episode-create"), _episode_form(in_an_hour))
    assert response.status_code == 200
    assert "That time is in the future." in response.content.decode()
    assert not CrampEpisode.objects.filter(athlete=kenji).exists()


# Weeks and charts, whoever looks ------------------------------------------------


def test_a_late_sunday_cramp_in_honolulu_stays_in_its_local_week_for_athlete_and_coach(
    client, jordan, coach, coach_client
):
    link(coach, jordan)
    monday = this_monday(jordan)
    sunday = monday - timedelta(days=8)
    # 23:30 on Sunday in Honolulu is 09:30 on Monday in UTC, the coach's zone.
    CrampEpisode.objects.create(
        athlete=jordan, muscle="calves", severity=5, occurred_at=at_local(sunday, 23, 30, HONOLULU)
    )
    local_week, utc_week = monday - timedelta(days=14), monday - timedelta(days=7)

    coach_page = coach_client.get(reverse("athletes:coach-athlete", args=[jordan.pk])).content.decode()
    assert week_text(local_week, 1) in coach_page
    assert week_text(utc_week, 0) in coach_page
    assert f"{dateformat.format(sunday, 'D j M')}, 23:30" in coach_page
    assert "Evening (18–24 h)" in coach_page
    assert "Times in Pacific/Honolulu, Jordan's time zone." in coach_page

    client.force_login(jordan)
    client.cookies["tz"] = "Asia/Tokyo"
    athlete_page = client.get(reverse("athletes:insights")).content.decode()
    assert week_text(local_week, 1) in athlete_page
    assert week_text(utc_week, 0) in athlete_page


def test_an_early_monday_cramp_in_tonga_starts_its_local_week_for_the_coach(coach_client, coach, tevita):
    link(coach, tevita)
    monday = this_monday(tevita) - timedelta(days=7)
    # 00:30 on Monday in Tonga is 11:30 on Sunday in UTC.
    CrampEpisode.objects.create(
        athlete=tevita, muscle="hamstrings", severity=4, occurred_at=at_local(monday, 0, 30, TONGA)
    )
    page = coach_client.get(reverse("athletes:coach-athlete", args=[tevita.pk])).content.decode()
    assert week_text(monday, 1) in page
    assert week_text(monday - timedelta(days=7), 0) in page
    assert f"{dateformat.format(monday, 'D j M')}, 00:30" in page
    with insights.in_zone_of(tevita):
        assert dict(insights.weekly_counts(tevita))[monday] == 1


# Routines: today, start and end in the athlete's date ---------------------------


def test_dashboard_adherence_counts_from_each_athletes_own_today(coach_client, coach, jordan, tevita, clock):
    now = clock(utc_today_at(12))  # 02:00 today in Honolulu, 01:00 tomorrow in Tonga
    for athlete in (jordan, tevita):
        link(coach, athlete)
        RoutineAssignment.objects.create(
            athlete=athlete, coach=coach, name="Calf care", start_date=now.date(), sessions_per_week=3, weeks=4
        )
    rows = {row.athlete.username: row for row in coach_client.get(reverse("athletes:dashboard")).context["rows"]}
    assert rows["tevita"].adherence == 0.0  # the first day is over in Tonga: one session due, none done
    assert rows["jordan"].adherence is None  # and not yet in Honolulu, where the plan starts today
    assert rows["jordan"].starts_today
    assert not rows["jordan"].low_adherence


def test_the_dashboard_shows_each_last_episode_in_the_athletes_time(coach_client, coach, jordan):
    link(coach, jordan)
    when = timezone.now() - timedelta(hours=3)
    CrampEpisode.objects.create(athlete=jordan, muscle="calves", severity=5, occurred_at=when)
    page = coach_client.get(reverse("athletes:dashboard")).content.decode()
    assert f"{dateformat.format(when.astimezone(HONOLULU), 'D j M, H:i')}</time> Pacific/Honolulu time" in page


def test_a_session_is_recorded_on_the_athletes_local_date(client, coach, tevita, clock):
    now = clock(utc_today_at(12))  # already tomorrow in Tonga
    exercise = make_exercise()
    assignment = assign(coach, tevita, [exercise], start_days_ago=3)
    client.force_login(tevita)
    response = client.post(
        reverse("athletes:routine"), {"completed_items": [assignment.items.get().pk], "helped": "yes"}
    )
    assert response.status_code == 302
    assert RoutineSession.objects.get(assignment=assignment).performed_on == now.date() + timedelta(days=1)


def test_the_assign_form_starts_on_the_athletes_today(coach_client, coach, tevita, clock):
    now = clock(utc_today_at(12))
    link(coach, tevita)
    form = coach_client.get(reverse("athletes:assign", args=[tevita.pk])).context["form"]
    assert form["start_date"].value() == now.date() + timedelta(days=1)


def test_an_assignment_without_a_start_date_starts_on_the_athletes_today(coach, jordan, clock):
    now = clock(utc_today_at(5))  # 19:00 yesterday in Honolulu
    assignment = RoutineAssignment.objects.create(
        athlete=jordan, coach=coach, name="Calf care", sessions_per_week=3, weeks=4
    )
    assert assignment.start_date == now.date() - timedelta(days=1)


def test_a_coach_ends_a_routine_on_the_athletes_date(coach_client, coach, jordan, clock):
    now = clock(utc_today_at(5))  # 19:00 yesterday in Honolulu
    link(coach, jordan)
    assignment = assign(coach, jordan, [make_exercise()], start_days_ago=5)
    response = coach_client.post(reverse("athletes:end-routine", args=[jordan.pk]), {"reason": "Season over."})
    assert response.status_code == 302
    assignment.refresh_from_db()
    assert (assignment.is_active, assignment.ended_on) == (False, now.date() - timedelta(days=1))


def test_before_and_after_split_at_the_athletes_midnight_whoever_asks(coach, jordan):
    start = insights.local_today(jordan) - timedelta(days=20)
    assignment = RoutineAssignment.objects.create(
        athlete=jordan,
        coach=coach,
        name="Calf care",
        template=make_template("calf-care", name="Calf care"),
        start_date=start,
        sessions_per_week=3,
        weeks=4,
    )
    jordan.date_joined = timezone.now() - timedelta(days=60)
    jordan.save(update_fields=["date_joined"])
    # The evening before the start in Honolulu is already the start date in UTC.
    evening_before = at_local(start - timedelta(days=1), 23, 30, HONOLULU)
    assert evening_before.astimezone(UTC).date() == start
    before_times = [evening_before - timedelta(minutes=i) for i in range(5)]
    since_times = [at_local(start + timedelta(days=i), 12, 0, HONOLULU) for i in range(5)]
    for when in before_times + since_times:
        CrampEpisode.objects.create(athlete=jordan, muscle="calves", severity=5, occurred_at=when)
    with insights.in_zone_of(jordan):
        today = insights.local_today(jordan)
        effect = insights.routine_effects(
            [assignment], todays={assignment.pk: today}, history_starts={assignment.pk: jordan.date_joined}
        )[assignment.pk]
    assert (effect.before, effect.after) == (5, 5)
    # The coach's dashboard asks from UTC; each assignment is still measured in its athlete's zone:
    # 5 in the 4 weeks before (1.25 a week) against 5 in the 3 weeks since (1.67 a week).
    rows = insights.template_effects(RoutineAssignment.objects.all())
    assert rows == [("Calf care", insights.Effect(before=5, after=5, days_before=28, days_since=21), 1)]


def test_superusers_see_a_users_time_zone_in_admin(superuser_client, jordan):
    for url in (reverse("admin:athletes_user_change", args=[jordan.pk]), reverse("admin:athletes_user_add")):
        response = superuser_client.get(url)
        assert response.status_code == 200
        assert 'name="time_zone"' in response.content.decode()
