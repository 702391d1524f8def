"""The daily check-in: one a day in the athlete's own zone, saved once per key, editable for a week."""

import re
import uuid
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from athletes import services
from athletes.insights import in_zone_of, local_today
from athletes.models import DailyCheckIn
from athletes.tests.factories import make_episode
from conftest import count_queries

pytestmark = pytest.mark.django_db

URL = "/checkin/"


def answers(**overrides):
    data = {"cramped": "no", "idempotency_key": str(uuid.uuid4())}
    return {**data, **overrides}


def test_the_page_is_at_checkin():
    assert reverse("athletes:checkin") == URL


def test_it_draws_a_fresh_key_each_time_and_marks_the_form_for_offline_use(athlete_client):
    first = athlete_client.get(URL)
    second = athlete_client.get(URL)
    assert first.status_code == 200
    keys = {response.context["form"]["idempotency_key"].value() for response in (first, second)}
    assert len(keys) == 2
    html = first.content.decode()
    assert "data-offline-form" in html
    assert 'name="idempotency_key"' in html


def test_no_saves_one_checkin_for_today_and_stays(athlete_client, athlete):
    response = athlete_client.post(
        URL,
        answers(training_load="hard", sleep_hours="5.5", fluids="low", hot_conditions="yes"),
    )
    assert response.status_code == 302
    assert response.url == URL
    checkin = DailyCheckIn.objects.get(athlete=athlete)
    assert checkin.day == local_today(athlete)
    assert (checkin.cramped, checkin.training_load, checkin.sleep_hours, checkin.fluids) == (
        False,
        "hard",
        Decimal("5.5"),
        "low",
    )
    assert checkin.hot_conditions is True
    assert checkin.heavy_sweating is None  # not answered: not said, not "no"


@pytest.mark.parametrize(
    ("posted", "saved"),
    [("yes", True), ("no", False), ("", None), (None, None), ("on", True)],  # "on": a page kept from before
)
def test_heat_and_sweating_are_yes_no_or_not_saying(athlete_client, athlete, posted, saved):
    data = answers()
    if posted is not None:
        data |= {"hot_conditions": posted, "heavy_sweating": posted}
    athlete_client.post(URL, data)
    checkin = DailyCheckIn.objects.get(athlete=athlete)
    assert (checkin.hot_conditions, checkin.heavy_sweating) == (saved, saved)


def test_heat_and_sweating_are_labelled_radios_the_offline_summary_names(athlete_client):
    html = athlete_client.get(URL).content.decode()
    questions = {
        "hot_conditions": ("Heat", {"": "Not saying", "yes": "Hot or humid", "no": "Not hot"}),
        "heavy_sweating": ("Sweating", {"": "Not saying", "yes": "Heavy sweating", "no": "Not heavy"}),
    }
    for name, (question, answers_) in questions.items():
        assert f'<legend class="form-label fs-6 mb-1">{question}</legend>' in html
        for value, answer in answers_.items():
            radio = re.search(
                rf'type="radio" class="btn-check" name="{name}" id="([^"]+)" value="{value}"[^>]*\s+'
                rf'data-offline-text="{question}: {answer.lower()}"',
                html,
            )
            assert radio, (name, value)
            assert f'for="{radio.group(1)}">{answer}</label>' in html
    # Each answer names itself: the only bare Yes and No are the answers to "Cramps today?".
    assert html.count(">Yes</label>") == html.count(">No</label>") == 1


def test_yes_goes_on_to_the_quick_log_with_a_message(athlete_client, athlete):
    response = athlete_client.post(URL, answers(cramped="yes"), follow=True)
    assert response.redirect_chain[-1][0] == reverse("athletes:episode-list") + "#quick-log"
    assert "Now log the cramp" in response.content.decode()
    assert DailyCheckIn.objects.get(athlete=athlete).cramped


def test_yes_for_an_earlier_day_goes_on_to_the_full_form_for_its_time(athlete_client, athlete):
    day = local_today(athlete) - timedelta(days=2)
    response = athlete_client.post(URL, answers(cramped="yes", day=day.isoformat(), hot_conditions="on"))
    assert response.url == reverse("athletes:episode-create") + f"?day={day.isoformat()}"
    assert DailyCheckIn.objects.get(athlete=athlete).day == day

    # The form starts on that day, with what the check-in said, not at the moment it is opened.
    form = athlete_client.get(response.url).context["form"]
    with in_zone_of(athlete):
        assert timezone.localtime(form.initial["occurred_at"]).date() == day
    assert form.initial["hot_conditions"] is True


def test_a_day_too_far_back_or_not_a_date_starts_the_full_form_at_now(athlete_client, athlete):
    for value in ((local_today(athlete) - timedelta(days=30)).isoformat(), "2026-02-30", "x"):
        response = athlete_client.get(reverse("athletes:episode-create") + f"?day={value}")
        assert response.status_code == 200
        assert "occurred_at" not in response.context["form"].initial


def test_yes_for_a_day_whose_cramp_is_already_logged_does_not_ask_for_it_again(athlete_client, athlete):
    make_episode(athlete, setting="training")
    response = athlete_client.post(URL, answers(cramped="yes"))
    assert response.url == reverse("athletes:checkin")


def test_an_earlier_day_asks_about_that_day_not_today(athlete_client, athlete):
    day = local_today(athlete) - timedelta(days=1)
    page = athlete_client.get(URL + f"?day={day.isoformat()}").content.decode()
    assert "Cramps that day?" in page
    assert "Cramps today?" not in page


def test_a_second_checkin_the_same_day_updates_the_first(athlete_client, athlete):
    athlete_client.post(URL, answers(cramped="no", fluids="low"))
    athlete_client.post(URL, answers(cramped="yes", fluids="high"))
    checkin = DailyCheckIn.objects.get(athlete=athlete)
    assert (checkin.cramped, checkin.fluids) == (True, "high")


def test_the_same_key_twice_saves_once_and_answers_the_same(athlete_client, athlete):
    data = answers(cramped="no", fluids="low")
    first = athlete_client.post(URL, data)
    again = athlete_client.post(URL, {**data, "fluids": "high"})  # a re-sent form, even if changed since
    assert (first.status_code, first.url) == (again.status_code, again.url)
    checkin = DailyCheckIn.objects.get(athlete=athlete)
    assert checkin.fluids == "low"


def test_the_service_returns_the_first_checkin_for_a_repeated_key(athlete):
    key = uuid.uuid4()
    today = local_today(athlete)
    first, saved = services.save_checkin(athlete, day=today, idempotency_key=key, cramped=False)
    again, saved_again = services.save_checkin(athlete, day=today, idempotency_key=key, cramped=True)
    assert (saved, saved_again) == (True, False)
    assert again.pk == first.pk
    assert DailyCheckIn.objects.get().cramped is False


def test_another_athletes_key_does_not_touch_mine(athlete, other_athlete):
    key = uuid.uuid4()
    today = local_today(athlete)
    services.save_checkin(athlete, day=today, idempotency_key=key, cramped=False)
    _, saved = services.save_checkin(other_athlete, day=today, idempotency_key=key, cramped=True)
    assert saved
    assert DailyCheckIn.objects.count() == 2


# The athlete's own day -----------------------------------------------------------


def _in_zone(athlete, name):
    athlete.time_zone = name
    athlete.save(update_fields=["time_zone"])


@pytest.mark.parametrize(
    ("zone", "local_day"),
    [
        # 23:30 UTC on 14 March: already the 15th in Auckland (UTC+13), still the 14th in Los Angeles (UTC-7).
        ("Pacific/Auckland", date(2026, 3, 15)),
        ("America/Los_Angeles", date(2026, 3, 14)),
    ],
)
def test_the_checkin_is_for_the_athletes_local_day(athlete_client, athlete, zone, local_day, monkeypatch):
    _in_zone(athlete, zone)
    moment = datetime(2026, 3, 14, 23, 30, tzinfo=UTC)
    monkeypatch.setattr(timezone, "now", lambda: moment)
    athlete_client.post(URL, answers())
    assert DailyCheckIn.objects.get(athlete=athlete).day == local_day


def test_just_after_local_midnight_is_a_new_day(athlete_client, athlete, monkeypatch):
    _in_zone(athlete, "Pacific/Auckland")
    before = datetime(2026, 3, 14, 10, 50, tzinfo=UTC)  # 23:50 on the 14th in Auckland
    after = datetime(2026, 3, 14, 11, 10, tzinfo=UTC)  # 00:10 on the 15th
    monkeypatch.setattr(timezone, "now", lambda: before)
    athlete_client.post(URL, answers())
    monkeypatch.setattr(timezone, "now", lambda: after)
    athlete_client.post(URL, answers(cramped="yes"))
    assert list(DailyCheckIn.objects.order_by("day").values_list("day", "cramped")) == [
        (date(2026, 3, 14), False),
        (date(2026, 3, 15), True),
    ]


# The week it can be changed for -------------------------------------------------------


def test_a_day_of_the_last_week_can_be_checked_in_late_and_changed(athlete_client, athlete):
    day = local_today(athlete) - timedelta(days=7)
    response = athlete_client.post(URL, answers(day=day.isoformat(), cramped="no"))
    assert response.url == f"{URL}?day={day.isoformat()}"
    page = athlete_client.get(response.url)
    assert page.context["day"] == day
    assert page.context["form"]["cramped"].value() == "no"
    athlete_client.post(URL, answers(day=day.isoformat(), cramped="yes"))
    assert DailyCheckIn.objects.get(athlete=athlete, day=day).cramped


@pytest.mark.parametrize("back", [8, 30, -1])
def test_a_day_out_of_the_week_is_a_form_error(athlete_client, athlete, back):
    day = local_today(athlete) - timedelta(days=back)
    response = athlete_client.post(URL, answers(day=day.isoformat()))
    assert response.status_code == 200
    assert "day" in response.context["form"].errors
    assert not DailyCheckIn.objects.exists()


@pytest.mark.parametrize("asked", ["2000-01-01", "2999-01-01", "yesterday", "2026-02-30", "9" * 30])
def test_a_day_out_of_reach_in_the_address_shows_today_with_a_message(athlete_client, athlete, asked):
    response = athlete_client.get(URL, {"day": asked})
    assert response.status_code == 200
    assert response.context["day"] == local_today(athlete)
    assert any(message.level_tag == "error" for message in response.context["messages"])


# Bad input ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("cramped", ""),
        ("cramped", "maybe"),
        ("sleep_hours", "25"),
        ("sleep_hours", "-1"),
        ("sleep_hours", "lots"),
        ("sleep_hours", "1" * 40),
        ("training_load", "brutal"),
        ("fluids", "ocean"),
        ("idempotency_key", "not-a-uuid"),
        ("day", "2026-13-01"),
        ("day", "\x00"),
    ],
)
def test_bad_input_is_a_clear_error_and_nothing_is_saved(athlete_client, field, value):
    response = athlete_client.post(URL, answers(**{field: value}))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not DailyCheckIn.objects.exists()


def test_the_database_refuses_two_checkins_for_one_day(athlete):
    from django.db import IntegrityError, transaction

    today = local_today(athlete)
    DailyCheckIn.objects.create(athlete=athlete, day=today, cramped=False)
    with pytest.raises(IntegrityError), transaction.atomic():
        DailyCheckIn.objects.create(athlete=athlete, day=today, cramped=True)


# Pre-filled ---------------------------------------------------------------------------


def test_the_form_starts_from_the_days_checkin(athlete_client, athlete):
    DailyCheckIn.objects.create(
        athlete=athlete, day=local_today(athlete), cramped=False, fluids="high", heavy_sweating=True
    )
    form = athlete_client.get(URL).context["form"]
    assert form["cramped"].value() == "no"
    assert form["fluids"].value() == "high"
    assert form["heavy_sweating"].value() is True


def test_the_checkin_form_starts_empty_on_a_cramp_day(athlete_client, athlete):
    # Was: filled in from the day's episodes. Episodes exist on cramp days only, so that prefill said
    # "yes" (heat, sweat, low fluids) on cramp days alone, and accepting it made false links (issue 18).
    make_episode(
        athlete,
        setting="training",
        hot_conditions=True,
        heavy_sweating=True,
        fluid_intake="none",
        sleep_hours=Decimal("5.0"),
    )
    form = athlete_client.get(URL).context["form"]
    for name in ("cramped", "training_load", "fluids", "sleep_hours", "hot_conditions", "heavy_sweating"):
        assert form[name].value() is None, name
    html = athlete_client.get(URL).content.decode()
    assert not re.search(r'value="(yes|low)"[^>]*checked', html)  # only "Not saying" is chosen


def test_an_existing_checkin_keeps_its_own_answers_not_the_episodes(athlete_client, athlete):
    DailyCheckIn.objects.create(
        athlete=athlete, day=local_today(athlete), cramped=True, fluids="normal", hot_conditions=False
    )
    make_episode(athlete, setting="training", hot_conditions=True, fluid_intake="none")
    form = athlete_client.get(URL).context["form"]
    assert (form["cramped"].value(), form["fluids"].value(), form["hot_conditions"].value()) == ("yes", "normal", False)
    assert form["heavy_sweating"].value() is None


def test_without_a_checkin_or_episodes_nothing_is_chosen(athlete_client, athlete):
    make_episode(athlete, days_ago=3, setting="training", hot_conditions=True)
    form = athlete_client.get(URL).context["form"]
    assert form["cramped"].value() is None
    assert not form["hot_conditions"].value()


# Finding it ----------------------------------------------------------------------------


def test_the_log_asks_for_todays_checkin_until_it_is_given(athlete_client, athlete):
    assert "How was today? Check in" in athlete_client.get(reverse("athletes:episode-list")).content.decode()
    athlete_client.post(URL, answers())
    assert "How was today? Check in" not in athlete_client.get(reverse("athletes:episode-list")).content.decode()


def test_the_navigation_has_the_checkin_for_athletes_only(client, athlete, coach):
    client.force_login(athlete)
    assert f'href="{URL}"' in client.get(reverse("athletes:insights")).content.decode()
    client.force_login(coach)
    assert f'href="{URL}"' not in client.get(reverse("athletes:dashboard")).content.decode()


# Who may use it ------------------------------------------------------------------------


def test_a_coach_gets_404_and_saves_nothing(coach_client):
    assert coach_client.get(URL).status_code == 404
    assert coach_client.post(URL, answers()).status_code == 404
    assert not DailyCheckIn.objects.exists()


def test_a_visitor_is_sent_to_log_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_an_athlete_only_sees_and_changes_their_own_checkins(athlete_client, athlete, other_athlete):
    today = local_today(other_athlete)
    DailyCheckIn.objects.create(athlete=other_athlete, day=today, cramped=True, fluids="low")
    page = athlete_client.get(URL)
    assert page.context["existing"] is None
    assert page.context["form"]["cramped"].value() is None
    athlete_client.post(URL, answers(cramped="no"))
    assert DailyCheckIn.objects.get(athlete=other_athlete).cramped is True
    assert DailyCheckIn.objects.get(athlete=athlete).cramped is False


def test_the_page_reads_the_same_number_of_queries_however_many_checkins(athlete_client, athlete):
    first = count_queries(athlete_client, URL)
    today = local_today(athlete)
    for back in range(40):
        DailyCheckIn.objects.create(athlete=athlete, day=today - timedelta(days=back), cramped=back % 3 == 0)
    assert count_queries(athlete_client, URL) == first  # the day's episodes are never read to fill the form in


def test_only_todays_form_marks_its_day_for_the_phone_to_set_when_kept_offline(athlete_client, athlete):
    today = local_today(athlete)
    todays = athlete_client.get(URL).content.decode()
    assert re.search(rf'name="day" value="{today:%Y-%m-%d}" id="[^"]+" data-offline-today>', todays)
    yesterday = today - timedelta(days=1)
    earlier = athlete_client.get(URL, {"day": f"{yesterday:%Y-%m-%d}"}).content.decode()
    assert f'name="day" value="{yesterday:%Y-%m-%d}"' in earlier
    assert "data-offline-today" not in earlier
