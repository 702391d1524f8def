"""The standard actors and browser settings shared by every test module."""

import os

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from hypothesis import settings as hypothesis_settings

from athletes.models import AthleteProfile, User
from cramps import security
from library.editors import add_library_editor
from twofactor import devices as two_factor
from twofactor.testing import give_authenticator, next_code, pass_second_step

PASSWORD = "a-long-test-password-9"

# Hypothesis: in CI (the `CI` variable set) the same examples every run and few of them; a few more locally.
# No deadline: a page's first render can be slow on a busy machine, and that is not what these tests check.
hypothesis_settings.register_profile("ci", derandomize=True, max_examples=10, deadline=None, database=None)
hypothesis_settings.register_profile("dev", max_examples=20, deadline=None)
hypothesis_settings.load_profile("ci" if os.environ.get("CI") else "dev")


def make_user(username, *, role=User.Role.ATHLETE, **extra):
    user = User.objects.create_user(
        username=username, email=f"{username}@example.com", password=PASSWORD, role=role, **extra
    )
    if role == User.Role.ATHLETE:
        AthleteProfile.objects.create(user=user)
    return user


@pytest.fixture(autouse=True)
def _plain_static_storage(settings):
    """Tests render templates without running collectstatic first."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _temporary_media_root(settings, tmp_path):
    """Files a test uploads go to its own temporary folder, never into the project's media/."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _default_language():
    """Every test starts and ends in the default language. A request leaves the language it spoke active in
    the test's thread, and a library row made afterwards with `name=` would be written in that language
    (library.translation), not in English."""
    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _empty_cache(request):
    """Caches start from nothing in every test: the process's own, and for a test that uses the
    database the shared "throttle" table too (wrong invite codes), which a test that commits
    (a browser test) would otherwise leave behind for the next."""
    from django.core.cache import caches

    emptied = [caches["default"]]
    if request.node.get_closest_marker("django_db") or {"db", "transactional_db"} & set(request.fixturenames):
        request.getfixturevalue("db")  # set up first, so the table can still be emptied afterwards
        emptied.append(caches["throttle"])
    for cache in emptied:
        cache.clear()
    yield
    for cache in emptied:
        cache.clear()


@pytest.fixture(autouse=True)
def _force_login_takes_the_second_step_too(monkeypatch):
    """Django's `force_login` skips the password; for a member whose sign-in also asks for a code (coaches
    and staff always, an athlete who turned it on) it here takes that step as the code page would: the
    member gets a confirmed authenticator app if they have none, and django-otp marks the session verified
    by it (twofactor.testing.pass_second_step). So `coach_client` and the others stay fully signed in.
    Tests of the steps themselves (twofactor/tests/) sign in through the log-in form instead."""
    force_login = Client.force_login

    def force_login_with_second_step(self, user, backend=None):
        force_login(self, user, backend)
        if two_factor.required_for(user) or two_factor.authenticator_of(user) is not None:
            pass_second_step(self, user)

    monkeypatch.setattr(Client, "force_login", force_login_with_second_step)


@pytest.fixture
def queue(settings):
    """The production task queue: tasks wait in the database until athletes.tests.task_queue.run_worker."""
    from athletes.tests.task_queue import DATABASE_QUEUE

    settings.TASKS = DATABASE_QUEUE


@pytest.fixture
def athlete(db):
    return make_user("alex", first_name="Alex")


@pytest.fixture
def other_athlete(db):
    return make_user("blair", first_name="Blair")


@pytest.fixture
def coach(db):
    return make_user("casey", role=User.Role.COACH, first_name="Casey")


@pytest.fixture
def other_coach(db):
    return make_user("drew", role=User.Role.COACH, first_name="Drew")


@pytest.fixture
def staff(db):
    """A library editor: staff in the Library editors group, as the demo's `staff` is."""
    user = make_user("sam", role=User.Role.EDITOR)
    add_library_editor(user)
    return user


@pytest.fixture
def superuser(db):
    """Sees and changes everything in the admin: accounts, episodes, lock-outs."""
    return make_user("root", role=User.Role.COACH, is_staff=True, is_superuser=True)


@pytest.fixture
def athlete_client(client, athlete):
    client.force_login(athlete)
    return client


@pytest.fixture
def coach_client(client, coach):
    client.force_login(coach)
    return client


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    return client


@pytest.fixture
def superuser_client(client, superuser):
    client.force_login(superuser)
    return client


def count_queries(client, url):
    """How many queries a GET of `url` runs; the page must answer 200.

    A signed-in session is saved again once a minute (cramps.middleware.SessionIdleMiddleware), so a
    slow test would count that write too: the session is marked active first, and the count does not
    depend on how long the test took to get here.
    """
    if settings.SESSION_COOKIE_NAME in client.cookies and security.ACTIVE_AT in client.session:
        session = client.session
        security.mark_active(session)
        session.save()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, response.status_code
    return len(queries)


def log_in(page, base_url, username):
    """Log in through the form, as a person would, and wait until the log-in page is left (the session
    cookie is set), so that the next page the test opens is opened signed in.

    Coaches and staff must sign in with a code as well: they get an authenticator app if they have none,
    and when the page asks for the code, it is typed in as their phone would show it."""
    user = User.objects.filter(username=username).first()
    if user is not None and two_factor.required_for(user):
        give_authenticator(user)
    page.goto(base_url + "/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
    if "/accounts/two-factor/" in page.url:
        enter_code(page, two_factor.authenticator_of(user))


def enter_code(page, device):
    """On the "Enter the 6-digit code" page, type the code the member's phone shows now, and wait until the
    page is left."""
    page.get_by_label("6-digit code").fill(next_code(device))
    page.get_by_role("button", name="Verify").click()
    page.wait_for_url(lambda url: "/accounts/two-factor/" not in url)


def set_up_two_factor(page):
    """On the set-up page, do what a member with an authenticator app does: type the setup key the page shows
    into the app (the code is worked out from it here, as the app does), confirm with its code, and go on
    past the recovery codes."""
    from base64 import b32decode

    from django_otp.oath import totp

    key = page.get_by_label("Can't scan it? Type this setup key into the app instead:").input_value()
    page.get_by_label("6-digit code").fill(f"{totp(b32decode(key.replace(' ', ''))):06d}")
    page.get_by_role("button", name="Confirm").click()
    page.get_by_role("link", name="I have saved them: continue").click()


def open_menu(page):
    """Open the phone's menu and wait until it has finished opening: a click while it still slides open can
    land beside the link, where the link was a moment before."""
    page.get_by_role("button", name="Toggle navigation").click()
    page.locator("#main-nav.show").wait_for()


def log_a_sweaty_cramp(page, severity):
    """Quick-log a calf cramp, then add the details of a hot, sweaty session with little to drink."""
    from playwright.sync_api import expect

    page.get_by_label("Where").select_option(label="Calves")
    page.get_by_label(f"Severity {severity}").check()
    page.get_by_role("button", name="Log cramp now").click()
    expect(page.get_by_text(f"Logged: Calves, severity {severity}")).to_be_visible()
    page.get_by_role("link", name="Add details").click()
    page.get_by_label("Setting").select_option(label="During training")
    page.get_by_label("Hot or humid conditions").check()
    page.get_by_label("Heavy sweating or salt marks").check()
    page.get_by_label("Fluid drunk in the last 3 hours").select_option(label="Less than 500 ml")
    page.get_by_role("button", name="Save episode").click()
    expect(page.get_by_text("Saved:")).to_be_visible()


@pytest.fixture
def phone(browser):
    """A page at a phone-sized viewport."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    yield context.new_page()
    context.close()


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Drive the system Chromium; Playwright cannot download its own browser here."""
    return {
        **browser_type_launch_args,
        "executable_path": "/usr/bin/chromium",
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
        ],
    }
