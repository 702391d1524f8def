import re

import pytest
from django.core import mail
from django.urls import reverse

from athletes.models import AthleteProfile, User
from conftest import PASSWORD

pytestmark = pytest.mark.django_db

GOOD_PASSWORD = "calf-raise-tempo-33"


def _signup(client, **overrides):
    data = {
        "username": "newbie",
        "first_name": "Nia",
        "email": "nia@example.com",
        "role": "athlete",
        "time_zone": "Europe/London",
        "password1": GOOD_PASSWORD,
        "password2": GOOD_PASSWORD,
        **overrides,
    }
    return client.post(reverse("signup"), data)


def test_it_signs_up_an_athlete_with_a_profile(client):
    response = _signup(client)
    assert response.status_code == 302
    user = User.objects.get(username="newbie")
    assert user.is_athlete
    assert AthleteProfile.objects.filter(user=user).exists()
    assert client.get(reverse("home")).url == reverse("athletes:episode-list")


def test_it_signs_up_a_coach_without_an_athlete_profile(client):
    _signup(client, role="coach")
    user = User.objects.get(username="newbie")
    assert user.is_coach
    assert not AthleteProfile.objects.filter(user=user).exists()
    assert client.get(reverse("home")).url == reverse("athletes:dashboard")


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"username": "alex"}, "username", "A user with that username already exists."),
        ({"password2": "something-else-77"}, "password2", "The two password fields didn"),
        ({"password1": "123", "password2": "123"}, "password2", "This password is too short"),
        ({"password1": "password", "password2": "password"}, "password2", "This password is too common"),
        ({"email": "alex@example.com"}, "email", "An account with this email already exists."),
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
    response = athlete_client.post(
        reverse("profile"),
        {"account-email": "BLAIR@example.com", "account-time_zone": "UTC", "profile-athlete_type": "gym"},
    )
    assert "An account with this email already exists." in response.content.decode()
    athlete.refresh_from_db()
    assert athlete.email == "alex@example.com"


def test_the_database_refuses_a_duplicate_email_whatever_the_case(athlete):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create_user(username="copy", email="ALEX@example.com", password=PASSWORD)
