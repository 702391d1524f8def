"""Two-factor sign-in: coaches and staff must give a code from their phone after the password; athletes may.

These tests sign in through the log-in form (never `force_login`, which takes the second step for the
other tests: conftest.py), then through the code page, working out the code as the member's phone does.
"""

import io
import logging
import re
from base64 import b32encode
from datetime import timedelta

import pytest
from django.contrib import admin
from django.core.management import CommandError, call_command
from django.db.models import F
from django.test import Client
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from athletes.demo import DEMO_PASSWORD
from athletes.models import CoachInvite, User
from conftest import PASSWORD, make_user
from cramps.tests.routes import every_route
from library.editors import add_library_editor
from twofactor import demo, devices, steps
from twofactor.models import RecoveryCode, RecoveryCodeDevice
from twofactor.testing import give_authenticator, next_code, set_up_with_the_page

pytestmark = pytest.mark.django_db

SET_UP = reverse("twofactor:set-up")
VERIFY = reverse("twofactor:verify")
RECOVERY = reverse("twofactor:recovery")


@pytest.fixture(autouse=True)
def _quick_passwords(settings):
    """A fast hasher for the passwords, so the many real log-ins here take no time. PBKDF2 stays on the list:
    recovery codes are hashed with it whatever the passwords use."""
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.MD5PasswordHasher",
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    ]


@pytest.fixture
def log(caplog):
    caplog.set_level(logging.INFO, logger="cramps.security")
    return lambda: [record.getMessage() for record in caplog.records if record.name == "cramps.security"]


def code_now(device):
    """The code the member's phone shows now, worked out from the shared secret (RFC 6238)."""
    device.refresh_from_db()
    return f"{TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift).token():06d}"


def wrong(code):
    return f"{(int(code) + 500_000) % 1_000_000:06d}"


def log_in(username):
    """A new browser: the log-in form, with the right password."""
    client = Client()
    response = client.post(reverse("login"), {"username": username, "password": PASSWORD})
    assert response.status_code == 302, response.content.decode()[:500]
    return client


def later(device, seconds):
    """As if `seconds` had passed since the device's last wrong code (its throttle counts from then)."""
    type(device).objects.filter(pk=device.pk).update(
        throttling_failure_timestamp=F("throttling_failure_timestamp") - timedelta(seconds=seconds)
    )


# Coaches and staff must -----------------------------------------------------------------------------


def test_a_coach_without_a_device_is_sent_to_set_up_from_every_page(coach):
    client = log_in("casey")
    routes = [route for route in every_route() if not route.params and route.name not in steps.OPEN_BEFORE_SECOND_STEP]
    assert any(route.name == "athletes:dashboard" for route in routes)
    assert any(route.name == "admin:index" for route in routes)
    for route in routes:
        url = "/" + route.template
        response = client.get(url)
        assert response.status_code == 302, (url, response.status_code)
        assert response.url.startswith(SET_UP), (url, response.url)
    assert client.get(reverse("athletes:dashboard")).url == f"{SET_UP}?next=%2Fcoach%2F"


def test_until_then_a_form_is_not_taken_and_htmx_is_sent_to_the_step_too(coach):
    client = log_in("casey")
    response = client.post(reverse("athletes:invites"))
    assert response.url == SET_UP  # a POST's address is not kept: it cannot be sent again
    assert not CoachInvite.objects.filter(coach=coach).exists()
    response = client.get(reverse("athletes:dashboard"), headers={"HX-Request": "true"})
    assert response.headers["HX-Redirect"] == SET_UP


def test_only_the_step_logging_out_and_what_holds_no_data_are_open_before_it(coach):
    client = log_in("casey")
    assert client.get(SET_UP).status_code == 200
    assert client.get(reverse("healthz")).status_code == 200
    assert client.get(reverse("javascript-catalog", args=["en"])).status_code == 200
    assert client.post(reverse("logout")).status_code == 302
    assert "_auth_user_id" not in client.session


def test_set_up_shows_a_qr_code_and_the_secret_and_confirms_only_with_a_right_code(coach, log):
    client = log_in("casey")
    page = client.get(reverse("home"), follow=True)
    body = page.content.decode()
    assert page.redirect_chain[-1][0] == f"{SET_UP}?next=%2F"
    device = TOTPDevice.objects.get(user=coach)
    assert not device.confirmed
    secret = b32encode(device.bin_key).decode()
    assert re.search(r"<svg[^>]*role=\"img\"", body)
    assert "<path" in body
    assert " style=" not in body.split("<svg", 1)[1].split("</svg>", 1)[0]  # nothing the CSP would block
    assert " ".join(re.findall("....", secret)) in body  # the secret, to type in
    assert "otpauth://totp/Cramps%3Acasey?secret=" + secret in device.config_url
    assert "Dashboard" not in body  # no menu of pages that cannot open yet

    right = code_now(device)
    response = client.post(SET_UP, {"code": wrong(right), "next": "/"})
    assert "That code is not right" in response.content.decode()
    device.refresh_from_db()
    assert not device.confirmed
    assert client.get(reverse("athletes:dashboard")).status_code == 302
    assert any(line.startswith("two-factor-failed user=casey") for line in log())

    later(device, 60)
    response = client.post(SET_UP, {"code": right, "next": "/"})
    assert response.status_code == 200
    device.refresh_from_db()
    assert device.confirmed
    codes = response.context["codes"]
    assert len(codes) == 10
    assert len(set(codes)) == 10
    assert all(code in response.content.decode() for code in codes)
    assert client.get(reverse("athletes:dashboard")).status_code == 200
    assert "two-factor-set-up user=casey ip=127.0.0.1 path=/accounts/two-factor/set-up/ replaced=False" in log()


def test_a_coach_with_a_device_enters_a_code_after_the_password(coach, log):
    device = give_authenticator(coach)
    client = log_in("casey")
    key_after_password = client.session.session_key
    response = client.get(reverse("athletes:dashboard"))
    assert response.url == f"{VERIFY}?next=%2Fcoach%2F"
    page = client.get(response.url)
    assert "Enter the 6-digit code" in page.content.decode()
    assert "Use a recovery code instead" in page.content.decode()
    assert client.get(SET_UP).url.startswith(VERIFY)  # the password alone never replaces the device

    response = client.post(VERIFY, {"code": code_now(device), "next": "/coach/"})
    assert response.url == "/coach/"
    assert client.get(reverse("athletes:dashboard")).status_code == 200
    assert client.session.session_key != key_after_password
    assert "two-factor-passed user=casey ip=127.0.0.1 path=/accounts/two-factor/ method=app" in log()


def test_a_code_works_once(coach):
    device = give_authenticator(coach)
    code = code_now(device)
    assert log_in("casey").post(VERIFY, {"code": code}).status_code == 302
    response = log_in("casey").post(VERIFY, {"code": code})
    assert response.status_code == 200
    assert "That code is not right" in response.content.decode()


def test_wrong_codes_again_and_again_are_throttled_and_logged(coach, log):
    device = give_authenticator(coach)
    client = log_in("casey")
    response = client.post(VERIFY, {"code": wrong(code_now(device))})
    assert "That code is not right" in response.content.decode()

    # At once, even the right code is refused unread, and the page says how long to wait.
    response = client.post(VERIFY, {"code": code_now(device)})
    assert "Too many wrong codes. Wait 1 second, then try again." in response.content.decode()
    assert client.get(reverse("athletes:dashboard")).status_code == 302
    device.refresh_from_db()
    assert device.throttling_failure_count == 1

    for failures in range(2, 6):
        later(device, 3600)
        client.post(VERIFY, {"code": wrong(code_now(device))})
        device.refresh_from_db()
        assert device.throttling_failure_count == failures
    allowed, details = device.verify_is_allowed()
    assert not allowed
    assert details["locked_until"] - device.throttling_failure_timestamp == timedelta(seconds=16)  # 1, 2, 4, 8, 16
    assert "Wait 16 seconds" in client.post(VERIFY, {"code": code_now(device)}).content.decode()
    lines = log()
    assert "two-factor-failed user=casey ip=127.0.0.1 path=/accounts/two-factor/ method=app failures=5" in lines
    assert "two-factor-throttled user=casey ip=127.0.0.1 path=/accounts/two-factor/ method=app" in lines
    assert not any(code_now(device) in line for line in lines)

    later(device, 16)
    assert client.post(VERIFY, {"code": next_code(device)}).status_code == 302
    device.refresh_from_db()
    assert device.throttling_failure_count == 0


def test_the_admin_refuses_a_staff_session_that_has_not_passed_the_second_step(staff, rf):
    give_authenticator(staff)
    client = Client()
    response = client.post(reverse("admin:login"), {"username": "sam", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get(reverse("admin:index")).url == f"{VERIFY}?next=%2Fadmin%2F"
    assert client.get(reverse("admin:library_exercise_changelist")).url.startswith(VERIFY)

    # The admin site itself asks too, whatever the middleware did.
    request = rf.get("/admin/")
    request.user = staff
    assert not admin.site.has_permission(request)
    request.user.is_verified = lambda: True
    assert admin.site.has_permission(request)

    client.post(VERIFY, {"code": next_code(devices.authenticator_of(staff))})
    assert client.get(reverse("admin:index")).status_code == 200


def test_coaches_cannot_turn_it_off(coach_client, coach):
    assert coach_client.get(reverse("twofactor:turn-off")).status_code == 404
    assert coach_client.post(reverse("twofactor:turn-off"), {"password": PASSWORD}).status_code == 404
    assert devices.authenticator_of(coach) is not None
    profile = coach_client.get(reverse("profile")).content.decode()
    assert "Turn off two-factor sign-in" not in profile
    assert "Coaches and library editors always sign in with a code" in profile


# Recovery codes -------------------------------------------------------------------------------------


def test_a_recovery_code_signs_in_once_and_is_stored_hashed(coach, log):
    client = log_in("casey")
    codes = set_up_with_the_page(client, coach)

    dump = io.StringIO()
    call_command("dumpdata", stdout=dump)
    everything = dump.getvalue().upper()
    for code in codes:
        assert code not in everything
        assert code.replace("-", "") not in everything
    hashes = list(RecoveryCode.objects.values_list("hashed", flat=True))
    assert len(hashes) == 10
    assert all(value.startswith("pbkdf2_sha256$") for value in hashes)

    lost_phone = log_in("casey")
    page = lost_phone.get(RECOVERY)
    assert "Lost your phone?" in page.content.decode()
    response = lost_phone.post(RECOVERY, {"code": codes[0].lower().replace("-", " ")})
    assert response.url == reverse("profile")
    profile = lost_phone.get(reverse("profile")).content.decode()
    assert "You signed in with a recovery code: you have 9 left." in profile
    assert "9 recovery codes left." in profile
    assert "Set up a new device" in profile
    assert lost_phone.get(reverse("athletes:dashboard")).status_code == 200
    assert "recovery-code-used user=casey ip=127.0.0.1 path=/accounts/two-factor/recovery/ left=9" in log()

    again = log_in("casey")
    response = again.post(RECOVERY, {"code": codes[0]})
    assert "That is not one of your recovery codes, or it has been used already." in response.content.decode()
    assert again.get(reverse("athletes:dashboard")).status_code == 302
    assert RecoveryCode.objects.filter(device__user=coach).count() == 9
    assert (
        "two-factor-failed user=casey ip=127.0.0.1 path=/accounts/two-factor/recovery/ method=recovery-code "
        "failures=1" in log()
    )
    # Wrong recovery codes are throttled as the app's codes are: at once, even a right one is refused.
    response = again.post(RECOVERY, {"code": codes[1]})
    assert "Too many wrong codes." in response.content.decode()
    assert RecoveryCode.objects.filter(device__user=coach).count() == 9


def test_after_a_recovery_code_a_new_device_replaces_the_old_one_and_its_codes(coach):
    client = log_in("casey")
    old_codes = set_up_with_the_page(client, coach)
    old_device = devices.authenticator_of(coach)

    lost_phone = log_in("casey")
    lost_phone.post(RECOVERY, {"code": old_codes[0]})
    found_codes = log_in("casey")  # someone else with a code from the old list
    found_codes.post(RECOVERY, {"code": old_codes[2]})
    assert found_codes.get(reverse("athletes:dashboard")).status_code == 200
    page = lost_phone.get(SET_UP).content.decode()
    assert "Set up a new device" in page
    new_device = TOTPDevice.objects.get(user=coach, confirmed=False)
    assert new_device.key != old_device.key
    response = lost_phone.post(SET_UP, {"code": code_now(new_device)})
    new_codes = response.context["codes"]
    assert set(new_codes).isdisjoint(old_codes)
    assert list(TOTPDevice.objects.filter(user=coach).values_list("pk", flat=True)) == [new_device.pk]
    assert RecoveryCode.objects.filter(device__user=coach).count() == 10
    assert RecoveryCodeDevice.objects.filter(user=coach).count() == 1

    # The sessions verified by the old app or an old recovery code are asked for a code again; the one that
    # set up the new app goes on.
    assert client.get(reverse("athletes:dashboard")).url.startswith(VERIFY)
    assert found_codes.get(reverse("athletes:dashboard")).url.startswith(VERIFY)
    assert lost_phone.get(reverse("athletes:dashboard")).status_code == 200
    response = log_in("casey").post(RECOVERY, {"code": old_codes[1]})
    assert "That is not one of your recovery codes" in response.content.decode()


def test_a_member_with_no_recovery_codes_left_is_told_what_to_do(coach):
    give_authenticator(coach)  # set up by an administrator, say: no codes
    page = log_in("casey").get(RECOVERY).content.decode()
    assert "You have no recovery codes left." in page
    assert 'name="code"' not in page


# Athletes may ---------------------------------------------------------------------------------------


def test_athletes_are_not_asked_for_a_code(athlete):
    client = log_in("alex")
    assert client.get(reverse("athletes:episode-list")).status_code == 200
    profile = client.get(reverse("profile")).content.decode()
    assert "Two-factor sign-in" in profile
    assert "Turn on two-factor sign-in" in profile


def test_an_athlete_turns_it_on_and_off(athlete, log):
    client = log_in("alex")
    assert client.get(SET_UP).status_code == 200
    device = TOTPDevice.objects.get(user=athlete)
    response = client.post(SET_UP, {"code": code_now(device)})
    assert len(response.context["codes"]) == 10
    assert 'href="/accounts/profile/"' in response.content.decode()  # continue: back to the profile
    assert "On: after your password" in client.get(reverse("profile")).content.decode()

    # From now on, a code after the password.
    phone = log_in("alex")
    assert phone.get(reverse("athletes:episode-list")).url == f"{VERIFY}?next=%2Flog%2F"
    assert phone.post(VERIFY, {"code": next_code(device), "next": "/log/"}).url == "/log/"

    # Off, with the password again.
    page = phone.get(reverse("twofactor:turn-off")).content.decode()
    assert "Enter your password to go on." in page
    response = phone.post(reverse("twofactor:turn-off"), {"password": "not-my-password-1"})
    assert "That is not your current password." in response.content.decode()
    assert devices.authenticator_of(athlete) is not None
    response = phone.post(reverse("twofactor:turn-off"), {"password": PASSWORD})
    assert response.url == reverse("profile")
    assert not TOTPDevice.objects.filter(user=athlete).exists()
    assert not RecoveryCodeDevice.objects.filter(user=athlete).exists()
    assert "two-factor-off user=alex ip=127.0.0.1 path=/accounts/two-factor/turn-off/" in log()
    assert log_in("alex").get(reverse("athletes:episode-list")).status_code == 200


def test_an_athlete_with_it_on_sees_nothing_before_the_code(athlete):
    device = give_authenticator(athlete)
    client = log_in("alex")
    page = client.get(VERIFY).content.decode()
    assert "Log a cramp" not in page
    assert "My log" not in page
    assert "offline_queue.js" not in page
    assert client.get(reverse("athletes:quick-log")).url.startswith(VERIFY)
    assert client.get(reverse("twofactor:turn-off")).url.startswith(VERIFY)  # off needs the code first
    assert client.post(VERIFY, {"code": code_now(device)}).status_code == 302


def test_a_session_from_before_two_factor_is_looked_at_once(athlete):
    client = log_in("alex")
    session = client.session
    del session[steps.SESSION_KEY]
    session.save()
    assert client.get(reverse("athletes:episode-list")).status_code == 200
    assert client.session[steps.SESSION_KEY] is False


# The demo accounts -----------------------------------------------------------------------------------


def test_the_demo_coach_and_editor_sign_in_with_the_code_demo_code_prints(settings):
    settings.DEBUG = True
    call_command("seed_demo", stdout=io.StringIO())
    for username in ("coach", "staff"):
        device = devices.authenticator_of(User.objects.get(username=username))
        assert demo.is_demo_device(device)
        out = io.StringIO()
        call_command("demo_code", username, stdout=out)
        code = out.getvalue().strip()
        assert re.fullmatch(r"\d{6}", code)
        client = Client()
        client.post(reverse("login"), {"username": username, "password": DEMO_PASSWORD})
        assert client.post(VERIFY, {"code": code}).status_code == 302
        assert client.get(reverse("home"), follow=True).status_code == 200
    with pytest.raises(CommandError, match="no demo authenticator"):
        call_command("demo_code", "athlete")
    call_command("seed_demo", stdout=io.StringIO())  # again: the same devices
    assert TOTPDevice.objects.count() == 2


def test_the_readme_gives_the_demo_secret_and_demo_code_needs_debug(settings):
    assert demo.DEMO_SECRET_SHOWN in (settings.BASE_DIR / "README.md").read_text()
    with pytest.raises(CommandError, match="DJANGO_DEBUG=1"):
        call_command("demo_code", "coach")


def test_a_new_library_editor_or_superuser_must_set_it_up_too():
    add_library_editor(make_user("edie", role=User.Role.COACH))
    make_user("root", role=User.Role.COACH, is_staff=True, is_superuser=True)
    for username in ("edie", "root"):
        client = log_in(username)
        assert client.get(reverse("home")).url == f"{SET_UP}?next=%2F"
        assert client.get(reverse("admin:index")).url == f"{SET_UP}?next=%2Fadmin%2F"
