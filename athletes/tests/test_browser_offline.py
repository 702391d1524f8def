"""Logging with no network, on a phone: the cramp is kept on the phone, survives a reload, and is sent once."""

import re

import pytest
from playwright.sync_api import expect

from conftest import log_in, open_menu

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SAVED = re.compile("saved on this phone — will send when online", re.IGNORECASE)


@pytest.fixture
def phone_context(browser):
    """A phone-sized browser context of its own, so the test can take its network away."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    yield context
    context.close()


def open_the_log_ready_for_offline(page, base_url, username):
    """Log in, open the log online, and wait until the service worker controls it and has kept the pages."""
    log_in(page, base_url, username)
    expect(page.get_by_role("heading", name="My cramp log")).to_be_visible()
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    page.locator("html[data-offline-ready]").wait_for(state="attached")


def forms_kept_on_the_phone(page):
    """How many forms wait or were refused in the phone's IndexedDB (0 when there is no database at all)."""
    return page.evaluate(
        """() => new Promise((resolve, reject) => {
            const opening = indexedDB.open("cramps-offline");
            opening.onerror = () => reject(opening.error);
            opening.onsuccess = () => {
                const db = opening.result;
                if (!db.objectStoreNames.contains("forms")) { db.close(); resolve(0); return; }
                const counting = db.transaction("forms").objectStore("forms").count();
                counting.onsuccess = () => { db.close(); resolve(counting.result); };
            };
        })"""
    )


def sent_everything(page, seconds=30):
    """Wait until the phone's queue is empty: what waited has reached the server (or was never kept).

    The page polls its own IndexedDB (Playwright's wait_for_function takes a promise for a true value)."""
    emptied = page.evaluate(
        """async (seconds) => {
            const count = () => new Promise((resolve) => {
                const opening = indexedDB.open("cramps-offline");
                opening.onerror = () => resolve(-1);
                opening.onsuccess = () => {
                    const db = opening.result;
                    if (!db.objectStoreNames.contains("forms")) { db.close(); resolve(0); return; }
                    const counting = db.transaction("forms").objectStore("forms").count();
                    counting.onsuccess = () => { db.close(); resolve(counting.result); };
                };
            });
            const deadline = Date.now() + seconds * 1000;
            while (Date.now() < deadline) {
                if (await count() === 0) { return true; }
                await new Promise((resolve) => setTimeout(resolve, 100));
            }
            return false;
        }""",
        seconds,
    )
    assert emptied, f"the phone still holds entries to send after {seconds} s"


def drop_posts_to_the_quick_log(context):
    """The network fails every log sent, from the page or the service worker (a context's routes cover both),
    while the phone believes it is online."""
    context.route(
        "**/log/quick/",
        lambda route: route.abort("internetdisconnected") if route.request.method == "POST" else route.continue_(),
    )


def status(page):
    """What the page shows beside the quick log about forms kept on the phone."""
    return page.locator("[data-offline-status]")


def quick_log(page, muscle, severity):
    page.get_by_label("Where").select_option(label=muscle)
    page.get_by_label(f"Severity {severity}").check()
    page.get_by_role("button", name="Log cramp now").click()


def test_a_cramp_logged_offline_is_kept_on_the_phone_and_sent_once_when_back_online(
    phone_context, live_server, athlete
):
    page = phone_context.new_page()
    open_the_log_ready_for_offline(page, live_server.url, athlete.username)

    phone_context.set_offline(True)
    quick_log(page, "Calves", 7)
    expect(status(page).get_by_text(SAVED)).to_be_visible()
    expect(status(page).get_by_text("waiting to send: 1")).to_be_visible()
    expect(status(page).get_by_text("Calves, Severity 7")).to_be_visible()
    expect(page.locator("#announcer")).to_have_text(SAVED)
    expect(page.get_by_role("link", name="Log a cramp 1 waiting to send")).to_be_visible()
    expect(page.get_by_text("Logged:")).to_have_count(0)
    assert not athlete.episodes.exists()

    # Reloaded with no network: the service worker serves the kept quick log, and the cramp still waits.
    response = page.reload()
    assert response.from_service_worker
    expect(page.get_by_role("heading", name="Log a cramp")).to_be_visible()
    expect(status(page).get_by_text("Calves, Severity 7")).to_be_visible()
    page.screenshot(path="test-results/phone-offline-waiting.png", full_page=True)
    assert not athlete.episodes.exists()

    phone_context.set_offline(False)
    expect(status(page).get_by_text("Back online. Sent: 1.")).to_be_visible()
    expect(status(page).get_by_text("Calves, Severity 7")).to_have_count(0)
    expect(page.locator("[data-offline-count]")).to_be_hidden()
    page.screenshot(path="test-results/phone-offline-sent.png", full_page=True)
    episode = athlete.episodes.get()
    assert (episode.muscle, episode.severity) == ("calves", 7)

    # Reloading online sends nothing more: the queue is empty, and the cramp is in the database once.
    page.reload()
    expect(page.get_by_role("heading", name="My cramp log")).to_be_visible()
    expect(status(page).locator("li")).to_have_count(0)
    assert athlete.episodes.count() == 1


def test_an_earlier_logged_message_does_not_survive_an_offline_log(phone_context, live_server, athlete):
    page = phone_context.new_page()
    open_the_log_ready_for_offline(page, live_server.url, athlete.username)
    quick_log(page, "Calves", 4)
    expect(page.get_by_text("Logged: Calves, severity 4")).to_be_visible()

    phone_context.set_offline(True)
    quick_log(page, "Hamstrings", 6)
    expect(status(page).get_by_text(SAVED)).to_be_visible()
    expect(page.get_by_text("Logged:")).to_have_count(0)
    expect(page.get_by_role("link", name="Add details")).to_have_count(0)
    assert athlete.episodes.count() == 1

    phone_context.set_offline(False)
    expect(status(page).get_by_text("Back online. Sent: 1.")).to_be_visible()
    expect(page.locator("#results").get_by_text("6/10")).to_be_visible()  # the history below shows it
    assert sorted(athlete.episodes.values_list("muscle", flat=True)) == ["calves", "hamstrings"]


def test_a_log_the_network_drops_while_the_phone_thinks_it_is_online_is_kept_too(phone_context, live_server, athlete):
    page = phone_context.new_page()
    open_the_log_ready_for_offline(page, live_server.url, athlete.username)
    drop_posts_to_the_quick_log(phone_context)
    quick_log(page, "Calves", 5)
    expect(status(page).get_by_text(SAVED)).to_be_visible()
    expect(page.get_by_text("Logged:")).to_have_count(0)
    assert not athlete.episodes.exists()

    phone_context.unroute("**/log/quick/")
    page.reload()  # loading a page online sends what waits (or the service worker's background sync has)
    sent_everything(page)
    expect(status(page).get_by_text("waiting to send")).to_have_count(0)
    assert athlete.episodes.count() == 1
    assert athlete.episodes.get().severity == 5


def test_a_kept_log_the_server_refuses_is_shown_with_why_and_not_sent_again(phone_context, live_server, athlete):
    page = phone_context.new_page()
    open_the_log_ready_for_offline(page, live_server.url, athlete.username)
    phone_context.set_offline(True)
    quick_log(page, "Calves", 8)
    expect(status(page).get_by_text(SAVED)).to_be_visible()
    # As if the phone had held it for a fortnight: its time is now too old for a quick log.
    page.evaluate(
        """() => CrampsQueue.all().then(items => {
            const item = items[0];
            item.fields = item.fields.map(([name, value]) =>
                [name, name === "occurred_at" ? new Date(Date.now() - 14 * 86400000).toISOString() : value]);
            return CrampsQueue.put(item);
        })"""
    )

    phone_context.set_offline(False)
    refused = status(page).locator(".alert-danger")
    expect(refused.get_by_text("Calves, Severity 8")).to_be_visible()
    expect(refused.get_by_text("more than 7 days ago")).to_be_visible()
    expect(page.get_by_text("Sent:")).to_have_count(0)
    page.screenshot(path="test-results/phone-offline-refused.png", full_page=True)
    assert not athlete.episodes.exists()

    page.reload()  # not sent again, and still shown
    expect(status(page).locator(".alert-danger").get_by_text("Calves, Severity 8")).to_be_visible()
    page.get_by_role("button", name="Dismiss").click()
    expect(page.get_by_text("Calves, Severity 8")).to_have_count(0)
    assert forms_kept_on_the_phone(page) == 0
    assert not athlete.episodes.exists()


def test_logging_out_clears_what_the_phone_kept_after_asking_about_what_waits(phone_context, live_server, athlete):
    page = phone_context.new_page()
    open_the_log_ready_for_offline(page, live_server.url, athlete.username)
    assert page.evaluate("caches.keys().then(names => names.length)") >= 2
    drop_posts_to_the_quick_log(phone_context)
    quick_log(page, "Calves", 3)
    expect(status(page).get_by_text(SAVED)).to_be_visible()

    questions = []
    page.once("dialog", lambda dialog: (questions.append(dialog.message), dialog.accept()))
    open_menu(page)
    page.get_by_role("button", name="Log out").click()
    page.wait_for_url(live_server.url + "/")
    expect(page.get_by_role("link", name="Log in").first).to_be_attached()
    assert len(questions) == 1
    assert questions[0].startswith("1 entry saved on this phone is not sent yet")
    assert page.evaluate("caches.keys().then(names => names.length)") == 0
    assert page.evaluate("navigator.serviceWorker.getRegistrations().then(found => found.length)") == 0
    assert forms_kept_on_the_phone(page) == 0
    assert not athlete.episodes.exists()


def test_a_plain_form_the_network_drops_is_kept_by_the_service_worker(phone_context, live_server, athlete):
    """A form without htmx (as the daily check-in is) posts as a page; the service worker keeps it."""
    page = phone_context.new_page()
    open_the_log_ready_for_offline(page, live_server.url, athlete.username)
    # The quick log as a plain form: a copy of it without its hx- attributes, so htmx has no hold on it.
    page.evaluate(
        """() => {
            const form = document.querySelector("form[data-offline-form]");
            const plain = form.cloneNode(true);
            [...plain.attributes].filter(a => a.name.startsWith("hx-")).forEach(a => plain.removeAttribute(a.name));
            form.replaceWith(plain);
        }"""
    )
    drop_posts_to_the_quick_log(phone_context)
    quick_log(page, "Feet", 2)
    page.wait_for_url("**/log/quick/")
    expect(status(page).get_by_text(SAVED)).to_be_visible()
    expect(status(page).get_by_text("waiting to send: 1")).to_be_visible()
    assert not athlete.episodes.exists()

    phone_context.unroute("**/log/quick/")
    page.reload()
    sent_everything(page)
    expect(status(page).get_by_text("waiting to send")).to_have_count(0)
    episode = athlete.episodes.get()
    assert (episode.muscle, episode.severity) == ("feet", 2)


def test_a_cramp_and_a_check_in_made_offline_are_each_saved_once_when_back_online(phone_context, live_server, athlete):
    page = phone_context.new_page()
    open_the_log_ready_for_offline(page, live_server.url, athlete.username)
    phone_context.set_offline(True)

    quick_log(page, "Hamstrings", 6)
    expect(status(page).get_by_text(SAVED)).to_be_visible()

    # The check-in page was kept when the service worker installed: it opens with no network.
    response = page.goto(live_server.url + "/checkin/")
    assert response.from_service_worker
    expect(page.get_by_role("heading", name="How was today?")).to_be_visible()
    page.get_by_text("Yes", exact=True).click()
    page.get_by_text("Hard", exact=True).click()
    page.get_by_text("Hot or humid", exact=True).click()
    page.get_by_role("button", name="Save check-in").click()
    checkin_status = page.locator("#main [data-offline-status]")
    expect(checkin_status.get_by_text(SAVED)).to_be_visible()
    expect(page.get_by_role("button", name="Log a cramp 2 waiting to send")).to_be_visible()
    page.screenshot(path="test-results/phone-offline-checkin-waiting.png", full_page=True)
    assert not athlete.episodes.exists()
    assert not athlete.checkins.exists()

    phone_context.set_offline(False)
    expect(checkin_status.get_by_text("Back online. Sent: 2.")).to_be_visible()
    checkin = athlete.checkins.get()
    assert (checkin.cramped, checkin.training_load, checkin.hot_conditions) == (True, "hard", True)
    assert athlete.episodes.get().muscle == "hamstrings"

    # Nothing is sent twice: a reload online finds the queue empty and the database as it was.
    page.reload()
    expect(page.get_by_role("heading", name="How was today?")).to_be_visible()
    expect(page.locator("[data-offline-count]")).to_be_hidden()
    assert (athlete.episodes.count(), athlete.checkins.count()) == (1, 1)


def phone_today(page):
    """The phone's own date, YYYY-MM-DD, from its local clock."""
    return page.evaluate(
        "(() => { const d = new Date(); return [d.getFullYear(), String(d.getMonth() + 1).padStart(2, '0'),"
        " String(d.getDate()).padStart(2, '0')].join('-'); })()"
    )


def kept_check_in_for_today(page, answers):
    """The waiting list's line for a check-in kept for the phone's today, with these answers and a time."""
    day = phone_today(page)[-2:].lstrip("0")
    return re.compile(rf"^Check-in for \w+,? (\w+ {day}|{day} \w+): {answers} · \d\d:\d\d$")


def test_a_check_in_kept_offline_is_for_the_phones_today_and_another_days_page_says_it_cannot_be(
    phone_context, live_server, athlete
):
    page = phone_context.new_page()
    open_the_log_ready_for_offline(page, live_server.url, athlete.username)
    # Yesterday's check-in opened online is not kept as the check-in page.
    page.goto(live_server.url + "/checkin/")
    page.get_by_role("link", name=re.compile(r"^\w{3} \d+$")).first.click()
    expect(page.get_by_role("heading", name=re.compile("^Check-in for"))).to_be_visible()
    phone_context.set_offline(True)
    response = page.goto(live_server.url + "/checkin/")
    assert response.from_service_worker
    expect(page.get_by_role("heading", name="How was today?")).to_be_visible()
    # As if the page had been kept some days ago: its hidden day is that day's.
    page.evaluate("document.querySelector('input[name=day]').value = '2020-01-01'")
    page.get_by_text("No", exact=True).click()
    page.get_by_text("Easy", exact=True).click()
    page.get_by_role("button", name="Save check-in").click()
    checkin_status = page.locator("#main [data-offline-status]")
    expect(checkin_status.get_by_text(SAVED)).to_be_visible()
    waiting = checkin_status.locator("li")
    expect(waiting).to_have_count(1)
    # The phone's today, not the kept page's 2020-01-01.
    expect(waiting).to_have_text(kept_check_in_for_today(page, "no cramps, Training today: easy"))
    expect(page.get_by_role("link", name="Now log the cramp")).to_have_count(0)  # "No": nothing to log
    page.screenshot(path="test-results/phone-offline-checkin-summary.png", full_page=True)

    # Another day's check-in, offline: the kept page of today, which says so rather than pretend.
    yesterday = page.evaluate("(() => { const d = new Date(); d.setDate(d.getDate() - 1); return d.toISOString(); })()")
    response = page.goto(live_server.url + "/checkin/?day=" + yesterday[:10])
    assert response.from_service_worker
    expect(page.get_by_text("Offline, only today can be checked in")).to_be_visible()
    page.screenshot(path="test-results/phone-offline-checkin-earlier-day.png", full_page=True)

    phone_context.set_offline(False)
    expect(checkin_status.get_by_text("Back online. Sent: 1.")).to_be_visible()
    checkin = athlete.checkins.get()
    assert checkin.day.isoformat() == phone_today(page)
    assert (checkin.cramped, checkin.training_load) == (False, "easy")


def test_yes_on_a_check_in_kept_offline_leads_on_to_the_kept_quick_log(phone_context, live_server, athlete):
    page = phone_context.new_page()
    open_the_log_ready_for_offline(page, live_server.url, athlete.username)
    phone_context.set_offline(True)
    page.goto(live_server.url + "/checkin/")
    page.get_by_text("Yes", exact=True).click()
    page.get_by_role("button", name="Save check-in").click()
    expect(page.locator("#main [data-offline-status]").get_by_text(SAVED)).to_be_visible()
    page.screenshot(path="test-results/phone-offline-checkin-yes.png", full_page=True)
    page.get_by_role("link", name="Now log the cramp").click()
    expect(page.get_by_role("heading", name="Log a cramp")).to_be_visible()
    quick_log(page, "Calves", 5)
    expect(status(page).get_by_text("Cramp: Calves, Severity 5")).to_be_visible()
    expect(page.get_by_role("link", name="Log a cramp 2 waiting to send")).to_be_visible()  # the check-in too


def test_what_one_athlete_kept_is_never_sent_under_the_next_one_to_log_in_on_the_phone(
    phone_context, live_server, athlete, other_athlete
):
    page = phone_context.new_page()
    open_the_log_ready_for_offline(page, live_server.url, athlete.username)
    phone_context.set_offline(True)
    quick_log(page, "Calves", 7)
    expect(status(page).get_by_text(SAVED)).to_be_visible()
    # The session ends while idle (no log-out form, so nothing is cleared); Blair logs in on the same phone.
    phone_context.clear_cookies()
    phone_context.set_offline(False)  # back online, the page tries to send, finds no one signed in and says so
    expect(status(page).get_by_text("Log in again to send what is saved on this phone.")).to_be_visible()
    # without loading the log-in page in the background: that would set a new CSRF cookie under the form below
    assert "csrftoken" not in {cookie["name"] for cookie in phone_context.cookies()}
    log_in(page, live_server.url, other_athlete.username)
    page.goto(live_server.url + "/log/quick/")
    others = status(page).locator("[data-offline-others]")
    expect(others).to_contain_text("1 saved on this phone by another account")
    expect(status(page).get_by_text("Calves, Severity 7")).to_have_count(0)  # not shown to Blair
    expect(page.locator("[data-offline-count]")).to_be_hidden()
    page.screenshot(path="test-results/phone-offline-another-account.png", full_page=True)
    page.reload()  # loading online flushes: Alex's cramp is not sent under Blair's account
    expect(others).to_be_visible()
    assert forms_kept_on_the_phone(page) == 1
    assert not other_athlete.episodes.exists()
    assert not athlete.episodes.exists()

    others.get_by_role("button", name="Delete them").click()
    expect(others).to_have_count(0)
    assert forms_kept_on_the_phone(page) == 0
    assert not other_athlete.episodes.exists()


def test_a_check_in_the_network_drops_while_the_phone_thinks_it_is_online_says_what_it_is_and_leads_on(
    phone_context, live_server, athlete
):
    """The check-in posts as a page, so the service worker keeps it; the page it opens still names it."""
    page = phone_context.new_page()
    open_the_log_ready_for_offline(page, live_server.url, athlete.username)
    page.goto(live_server.url + "/checkin/")
    phone_context.route(
        "**/checkin/",
        lambda route: route.abort("internetdisconnected") if route.request.method == "POST" else route.continue_(),
    )
    page.get_by_text("Yes", exact=True).click()
    page.get_by_text("Hard", exact=True).click()
    page.get_by_role("button", name="Save check-in").click()
    checkin_status = page.locator("#main [data-offline-status]")
    expect(checkin_status.get_by_text(SAVED)).to_be_visible()
    expect(checkin_status.locator("li")).to_have_text(kept_check_in_for_today(page, "cramps, Training today: hard"))
    expect(page.get_by_text("An entry")).to_have_count(0)
    page.screenshot(path="test-results/phone-lie-fi-checkin.png", full_page=True)
    assert not athlete.checkins.exists()

    page.get_by_role("link", name="Now log the cramp").click()
    expect(page.get_by_role("heading", name="Log a cramp")).to_be_visible()
    phone_context.unroute("**/checkin/")
    page.reload()
    sent_everything(page)
    checkin = athlete.checkins.get()
    assert (checkin.cramped, checkin.training_load) == (True, "hard")


def test_a_kept_page_served_when_the_network_fails_keeps_its_form_even_if_the_phone_thinks_it_is_online(
    phone_context, live_server, athlete
):
    """No network, but navigator.onLine still true: the kept check-in page knows it is a copy, so the
    check-in is kept on the phone for the phone's today (not the day the copy was made) and named."""
    page = phone_context.new_page()
    open_the_log_ready_for_offline(page, live_server.url, athlete.username)
    phone_context.route("**/checkin/**", lambda route: route.abort("internetdisconnected"))
    response = page.goto(live_server.url + "/checkin/")
    assert response.from_service_worker
    assert page.evaluate("navigator.onLine")  # the phone believes it is online
    expect(page.locator("html[data-offline-copy]")).to_be_attached()
    page.evaluate("document.querySelector('input[name=day]').value = '2020-01-01'")
    page.get_by_text("No", exact=True).click()
    page.get_by_role("button", name="Save check-in").click()
    checkin_status = page.locator("#main [data-offline-status]")
    expect(checkin_status.get_by_text(SAVED)).to_be_visible()
    expect(checkin_status.locator("li")).to_have_text(kept_check_in_for_today(page, "no cramps"))
    assert page.url == live_server.url + "/checkin/"  # kept by the page, not posted

    # Another day asked for: the kept copy of today says only today can be checked in offline.
    page.goto(live_server.url + "/checkin/?day=2020-01-02")
    expect(page.get_by_text("Offline, only today can be checked in")).to_be_visible()

    phone_context.unroute("**/checkin/**")
    page.goto(live_server.url + "/log/quick/")  # a page loaded online sends what waits
    sent_everything(page)
    assert athlete.checkins.get().day.isoformat() == phone_today(page)
