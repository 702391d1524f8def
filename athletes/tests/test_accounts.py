import re

import pytest
from django.core import mail
from django.urls import reverse

from athletes.models import AthleteProfile, User
from athletes.tests.factories import make_episodes
from conftest import PASSWORD
from library.tests.factories import make_cause, make_exercise, make_strategy, make_template
from twofactor.testing import set_up_with_the_page

pytestmark = pytest.mark.django_db

GOOD_PASSWORD = "calf-raise-tempo-33"


def _signup_data(**overrides):
    return {
        "username": "newbie",
        "first_name": "Nia",
        "email": "nia@example.com",
        "role": "athlete",
        "athlete_type": "endurance",
        "time_zone": "Europe/London",
        "password1": GOOD_PASSWORD,
        "password2": GOOD_PASSWORD,
        **overrides,
    }


def _signup(client, **overrides):
    return client.post(reverse("signup"), _signup_data(**overrides))


def test_it_signs_up_an_athlete_with_a_profile(client):
    response = _signup(client)
    assert response.status_code == 302
    user = User.objects.get(username="newbie")
    assert user.is_athlete
    assert AthleteProfile.objects.filter(user=user).exists()
    assert client.get(reverse("home")).url == reverse("athletes:episode-list")


def test_it_saves_the_kind_of_athlete_chosen_at_sign_up(client):
    _signup(client, athlete_type="hiit")
    profile = AthleteProfile.objects.get(user__username="newbie")
    assert (profile.athlete_type, profile.library_athlete_type) == ("hiit", "sports")


@pytest.mark.parametrize(
    ("athlete_type", "advice", "not_advice", "first_plan"),
    [
        ("endurance", "Sports-only advice", "Gym-only advice", "Fluids for sport"),
        ("gym", "Gym-only advice", "Sports-only advice", "Fluids for the gym"),
    ],
)
def test_the_advice_and_plan_suggestions_follow_the_type_chosen_at_sign_up(
    client, athlete_type, advice, not_advice, first_plan
):
    dehydration = make_cause("dehydration", name="Dehydration")
    make_strategy("sports-only", name="Sports-only advice", causes=[dehydration], athlete_group="sports")
    make_strategy("gym-only", name="Gym-only advice", causes=[dehydration], athlete_group="gym")
    calf = make_exercise("calf-raises", causes=[dehydration])
    make_template(
        "fluids-sport", name="Fluids for sport", causes=[dehydration], exercises=[calf], athlete_group="sports"
    )
    make_template("fluids-gym", name="Fluids for the gym", causes=[dehydration], exercises=[calf], athlete_group="gym")
    _signup(client, athlete_type=athlete_type)
    make_episodes(User.objects.get(username="newbie"), 3, setting="training", fluid_intake="none")

    insights = client.get(reverse("athletes:insights")).content.decode()
    assert advice in insights
    assert not_advice not in insights
    suggestions = client.get(reverse("athletes:routine")).context["suggestions"]
    assert suggestions[0].template.name == first_plan


def test_an_athlete_must_say_what_kind_of_athlete_they_are(client):
    response = _signup(client, athlete_type="")
    assert response.status_code == 200
    assert "Choose the kind of athlete you are" in " ".join(response.context["form"].errors["athlete_type"])
    assert 'id="error_1_id_athlete_type"' in response.content.decode()
    assert not User.objects.filter(username="newbie").exists()


def test_the_sign_up_form_says_what_each_kind_of_athlete_means(client):
    body = client.get(reverse("signup")).content.decode()
    assert "What kind of athlete are you?" in body
    for label, description in [
        ("Gym athlete", "Weights, machines and classes in a gym."),
        ("Endurance", "Long sessions: running, cycling, swimming, rowing or triathlon."),
    ]:
        assert label in body
        assert description in body
    assert 'aria-describedby="id_athlete_type_4_description"' in body
    assert 'id="id_athlete_type_4_description">Long sessions' in body


def test_the_profile_asks_the_same_question_with_the_same_descriptions(athlete_client):
    body = athlete_client.get(reverse("profile")).content.decode()
    assert "What kind of athlete are you?" in body
    assert "Short, hard intervals with little rest, such as circuits." in body
    assert 'checked aria-describedby="id_profile-athlete_type_0_description"' in body  # gym, the profile's type


def test_it_signs_up_a_coach_without_an_athlete_profile(client):
    _signup(client, role="coach", athlete_type="")
    user = User.objects.get(username="newbie")
    assert user.is_coach
    assert not AthleteProfile.objects.filter(user=user).exists()
    # A coach sets up two-factor sign-in first (twofactor), then lands on the dashboard.
    assert client.get(reverse("home")).url == f"{reverse('twofactor:set-up')}?next=%2F"
    set_up_with_the_page(client, user)
    assert client.get(reverse("home")).url == reverse("athletes:dashboard")


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"username": "alex"}, "username", "A user with that username already exists."),
        ({"password2": "something-else-77"}, "password2", "The two password fields didn"),
        ({"password1": "123", "password2": "123"}, "password2", "This password is too short"),
        ({"password1": "password", "password2": "password"}, "password2", "This password is too common"),
        ({"role": "admin"}, "role", "Select a valid choice."),
    ],
)
def test_it_rejects_bad_signups_beside_the_field(client, athlete, overrides, field, message):
    users_before = User.objects.count()
    response = _signup(client, **overrides)
    assert response.status_code == 200
    errors = " ".join(response.context["form"].errors[field])
    assert message in errors
    assert User.objects.count() == users_before
    # The message is rendered beside the field, not only at the top of the form.
    assert f'id="error_1_id_{field}"' in response.content.decode()


def test_it_logs_in_and_out(client, athlete):
    response = client.post(reverse("login"), {"username": "alex", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 302
    client.post(reverse("logout"))
    assert client.get(reverse("home")).status_code == 200
    assert "_auth_user_id" not in client.session


def test_a_log_in_form_whose_token_no_longer_matches_says_it_expired_and_offers_the_page_again(athlete):
    from django.test import Client

    browser = Client(enforce_csrf_checks=True)
    page = browser.get(reverse("login"))
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode()).group(1)
    browser.cookies.pop("csrftoken")  # the cookie changed (cleared, or set again by another page) under the form
    browser.get(reverse("login") + "?next=/log/quick/")
    response = browser.post(
        reverse("login") + "?next=/log/quick/",
        {"username": athlete.username, "password": PASSWORD, "csrfmiddlewaretoken": token},
    )
    assert response.status_code == 403
    assert "This form had expired" in response.text
    assert "Nothing from it was saved" in response.text
    assert 'href="/accounts/login/?next=/log/quick/"' in response.text
    assert "_auth_user_id" not in browser.session


def test_it_rejects_a_wrong_password(client, athlete):
    response = client.post(reverse("login"), {"username": "alex", "password": "nope"})
    assert response.status_code == 200
    assert "Please enter a correct username and password" in response.content.decode()


def test_it_resets_a_password_by_email(client, athlete):
    client.post(reverse("password_reset"), {"email": "alex@example.com"})
    assert len(mail.outbox) == 1
    link = re.search(r"https?://[^/]+(/accounts/reset/\S+)", mail.outbox[0].body).group(1)
    form_url = client.get(link).url  # Django swaps the token for a session-held one
    response = client.post(form_url, {"new_password1": GOOD_PASSWORD, "new_password2": GOOD_PASSWORD})
    assert response.status_code == 302
    athlete.refresh_from_db()
    assert athlete.check_password(GOOD_PASSWORD)


def test_it_changes_a_password(athlete_client, athlete):
    response = athlete_client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": GOOD_PASSWORD, "new_password2": GOOD_PASSWORD},
    )
    assert response.status_code == 302
    athlete.refresh_from_db()
    assert athlete.check_password(GOOD_PASSWORD)


def test_the_home_page_explains_the_app_to_visitors(client):
    response = client.get(reverse("home"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "For athletes" in body
    assert "For coaches" in body
    assert f'href="{reverse("signup")}"' in body
    assert "does not give a medical diagnosis" in body


def test_it_edits_the_athlete_profile(athlete_client, athlete):
    response = athlete_client.post(
        reverse("profile"),
        {
            "account-first_name": "Alex",
            "account-last_name": "Runner",
            "account-email": "alex@example.com",
            "account-time_zone": "Europe/London",
            "profile-sport": "Marathon",
            "profile-athlete_type": "endurance",
            "profile-session_minutes": "90",
            "profile-training_days_per_week": "5",
            "profile-sweat_level": "heavy",
            "profile-drinks_to_plan": "sometimes",
            "profile-takes_electrolytes": "rarely",
        },
    )
    assert response.status_code == 302
    profile = AthleteProfile.objects.get(user=athlete)
    assert (profile.sport, profile.athlete_type, profile.session_minutes) == ("Marathon", "endurance", 90)


def test_it_rejects_an_impossible_training_week(athlete_client, athlete):
    response = athlete_client.post(
        reverse("profile"),
        {
            "account-email": "alex@example.com",
            "account-time_zone": "UTC",
            "profile-athlete_type": "gym",
            "profile-training_days_per_week": "9",
        },
    )
    assert response.status_code == 200
    assert "A week has seven days." in response.content.decode()
    assert AthleteProfile.objects.get(user=athlete).training_days_per_week is None


def test_pages_for_signed_in_users_send_visitors_to_log_in(client):
    for name in ("profile", "athletes:dashboard", "library:index"):
        response = client.get(reverse(name))
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))


def test_athletes_do_not_see_the_coach_dashboard(athlete_client):
    assert athlete_client.get(reverse("athletes:dashboard")).status_code == 404


def test_pages_carry_a_strict_content_security_policy(client):
    policy = client.get(reverse("home")).headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy


def test_a_profile_cannot_take_another_accounts_email(athlete_client, other_athlete, athlete):
    athlete_client.post(
        reverse("profile"),
        {
            "account-email": "BLAIR@example.com",
            "account-current_password": PASSWORD,  # a new address needs the password before anything else
            "account-time_zone": "UTC",
            "profile-athlete_type": "gym",
        },
    )
    athlete.refresh_from_db()
    assert athlete.email == "alex@example.com"
    other_athlete.refresh_from_db()
    assert other_athlete.email == "blair@example.com"


def test_the_database_refuses_a_duplicate_email_whatever_the_case(athlete):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create_user(username="copy", email="ALEX@example.com", password=PASSWORD)


@pytest.mark.parametrize("next_url", ["foo", "logout", "https://example.org/", "//example.org/"])
def test_a_sign_up_ignores_a_next_address_that_is_not_a_path_here(client, next_url):
    response = client.post(f"{reverse('signup')}?next={next_url}", _signup_data())
    assert response.status_code == 302
    assert response.url == reverse("home")


def test_staff_land_in_the_admin_where_they_edit_the_library(staff_client):
    assert staff_client.get(reverse("home")).url == reverse("admin:index")


def test_a_missing_page_says_what_may_have_happened(athlete_client):
    response = athlete_client.get("/shared/no-such-link/")
    assert response.status_code == 404
    assert "may have expired or been withdrawn" in response.content.decode()
