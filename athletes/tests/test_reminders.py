"""Reminders at the athlete's hour: when they are due, at most one a day per kind, and what the email says.

Every test fixes `now`; none reads the wall clock. 27 November 2026 is a Friday; Madrid is then UTC+1
and New York UTC-5, so 08:00 there is 07:00 and 13:00 UTC.
"""

import threading
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from athletes import reminders, tasks
from athletes.models import AssignedItem, AthleteProfile, DailyCheckIn, Reminder, RoutineAssignment, RoutineSession
from athletes.reminders import LATE_LIMIT, due_day, due_reminders, send_due_reminders, send_reminders
from conftest import make_user
from library.tests.factories import make_strategy

pytestmark = pytest.mark.django_db

MADRID, NEW_YORK = "Europe/Madrid", "America/New_York"
FRIDAY = date(2026, 11, 27)


def utc(day, hour, minute=0):
    return datetime.combine(day, time(hour, minute), tzinfo=UTC)


def athlete_in(zone, username, *, checkin=None, session=None, email=True):
    """An athlete in `zone` with the check-in reminder at `checkin` and the session one at `session` (None: off)."""
    user = make_user(username, time_zone=zone)
    if not email:
        user.email = ""
        user.save(update_fields=["email"])
    profile = AthleteProfile.objects.get(user=user)
    if checkin is not None:
        profile.checkin_reminder, profile.checkin_reminder_time = True, checkin
    if session is not None:
        profile.session_reminder, profile.plan_session_time = True, session
    profile.save()
    return user


def due_now(now):
    return sorted((due.athlete.username, due.kind, due.day) for due in due_reminders(now=now))


# The rule for "due", without the database -------------------------------------------------------------


@pytest.mark.parametrize(
    ("zone", "now", "expected"),
    [
        # 08:00 in Madrid is 07:00 UTC
        (MADRID, utc(FRIDAY, 6, 59), None),
        (MADRID, utc(FRIDAY, 7, 0), FRIDAY),
        (MADRID, utc(FRIDAY, 9, 59), FRIDAY),
        (MADRID, utc(FRIDAY, 10, 0), None),  # three hours late: too stale to send
        # 08:00 in New York is 13:00 UTC
        (NEW_YORK, utc(FRIDAY, 7, 0), None),
        (NEW_YORK, utc(FRIDAY, 12, 59), None),
        (NEW_YORK, utc(FRIDAY, 13, 0), FRIDAY),
        (NEW_YORK, utc(FRIDAY, 15, 30), FRIDAY),
        (NEW_YORK, utc(FRIDAY, 16, 0), None),
    ],
)
def test_a_reminder_is_due_from_the_athletes_hour_for_a_few_hours(zone, now, expected):
    assert due_day(time(8, 0), zone=ZoneInfo(zone), now=now) == expected


def test_the_day_is_the_athletes_not_the_servers():
    # 22:30 on Friday in New York is already Saturday in UTC
    assert due_day(time(22, 0), zone=ZoneInfo(NEW_YORK), now=utc(FRIDAY + timedelta(days=1), 3, 30)) == FRIDAY


def test_a_late_evening_reminder_is_never_sent_after_midnight():
    # 23:30 in Madrid; at 00:30 the next morning it is within LATE_LIMIT but belongs to another day
    assert timedelta(hours=1) < LATE_LIMIT
    assert due_day(time(23, 30), zone=ZoneInfo(MADRID), now=utc(FRIDAY, 22, 45)) == FRIDAY
    assert due_day(time(23, 30), zone=ZoneInfo(MADRID), now=utc(FRIDAY, 23, 30)) is None


# Which athletes are due ---------------------------------------------------------------------------------


def test_the_check_in_reminder_is_due_at_eight_in_madrid_and_in_new_york():
    athlete_in(MADRID, "marta", checkin=time(8, 0))
    athlete_in(NEW_YORK, "nate", checkin=time(8, 0))
    assert due_now(utc(FRIDAY, 6, 30)) == []
    assert due_now(utc(FRIDAY, 7, 0)) == [("marta", "checkin", FRIDAY)]
    assert due_now(utc(FRIDAY, 12, 30)) == []  # Madrid's is stale, New York's not yet come
    assert due_now(utc(FRIDAY, 13, 5)) == [("nate", "checkin", FRIDAY)]


def test_reminders_are_off_by_default():
    make_user("quiet", time_zone=MADRID)
    profile = AthleteProfile.objects.get(user__username="quiet")
    assert (profile.checkin_reminder, profile.session_reminder) == (False, False)
    every_half_hour = [utc(FRIDAY, 0) + timedelta(minutes=30 * step) for step in range(48)]
    assert [moment for moment in every_half_hour if due_now(moment)] == []


def test_no_reminder_goes_to_an_athlete_without_a_confirmed_address():
    athlete_in(MADRID, "marta", checkin=time(8, 0), email=False)
    athlete_in(MADRID, "mia", checkin=time(8, 0))
    assert due_now(utc(FRIDAY, 7, 30)) == [("mia", "checkin", FRIDAY)]


def test_the_check_in_reminder_is_skipped_once_the_athlete_checked_in_that_day():
    marta = athlete_in(MADRID, "marta", checkin=time(8, 0))
    DailyCheckIn.objects.create(athlete=marta, day=FRIDAY - timedelta(days=1), cramped=False)
    assert due_now(utc(FRIDAY, 7, 30)) == [("marta", "checkin", FRIDAY)]  # yesterday's does not count
    DailyCheckIn.objects.create(athlete=marta, day=FRIDAY, cramped=False)
    assert due_now(utc(FRIDAY, 7, 30)) == []


def test_a_check_in_on_the_utc_date_is_not_the_athletes_day():
    nate = athlete_in(NEW_YORK, "nate", checkin=time(22, 0))
    saturday = FRIDAY + timedelta(days=1)
    DailyCheckIn.objects.create(athlete=nate, day=saturday, cramped=False)
    # 22:30 on Friday in New York: Saturday's check-in is not Friday's
    assert due_now(utc(saturday, 3, 30)) == [("nate", "checkin", FRIDAY)]


def plan_for(athlete, *, start, sessions_per_week=3):
    return RoutineAssignment.objects.create(
        athlete=athlete, name="Calf plan", start_date=start, sessions_per_week=sessions_per_week, weeks=4
    )


def test_the_session_reminder_comes_only_on_the_days_the_plan_asks_for_a_session():
    marta = athlete_in(MADRID, "marta", session=time(18, 0))
    assert due_now(utc(FRIDAY, 17, 30)) == []  # no plan, no reminder
    plan_for(marta, start=FRIDAY)  # three a week: the first, third and fifth day of each week
    at_six = [utc(FRIDAY + timedelta(days=offset), 17, 30) for offset in range(7)]
    due_days = [moment.date() for moment in at_six if due_now(moment)]
    assert due_days == [FRIDAY, FRIDAY + timedelta(days=2), FRIDAY + timedelta(days=4)]


def test_a_plan_of_habits_alone_reminds_every_day_whatever_its_old_rate():
    marta = athlete_in(MADRID, "marta", session=time(18, 0))
    plan = plan_for(marta, start=FRIDAY)  # three a week, kept when its exercise left the plan
    AssignedItem.objects.create(assignment=plan, strategy=make_strategy(), dose="Once a day", position=1)
    at_six = [utc(FRIDAY + timedelta(days=offset), 17, 30) for offset in range(7)]
    assert [moment.date() for moment in at_six if due_now(moment)] == [FRIDAY + timedelta(days=n) for n in range(7)]


def test_no_session_reminder_on_a_day_already_done():
    marta = athlete_in(MADRID, "marta", session=time(18, 0))
    plan = plan_for(marta, start=FRIDAY, sessions_per_week=7)
    RoutineSession.objects.create(assignment=plan, performed_on=FRIDAY)
    assert due_now(utc(FRIDAY, 17, 30)) == []
    assert due_now(utc(FRIDAY + timedelta(days=1), 17, 30)) == [("marta", "session", FRIDAY + timedelta(days=1))]


def test_no_session_reminder_for_an_ended_plan():
    marta = athlete_in(MADRID, "marta", session=time(18, 0))
    plan_for(marta, start=FRIDAY, sessions_per_week=7)
    RoutineAssignment.objects.update(is_active=False)
    assert due_now(utc(FRIDAY, 17, 30)) == []


def test_choosing_the_reminders_takes_the_same_few_queries_for_two_or_twenty_athletes():
    def queries(count, prefix):
        for n in range(count):
            athlete = athlete_in(MADRID if n % 2 else NEW_YORK, f"{prefix}{n}", checkin=time(8), session=time(8))
            plan_for(athlete, start=FRIDAY, sessions_per_week=7)
        with CaptureQueriesContext(connection) as captured:
            due = due_reminders(now=utc(FRIDAY, 13, 30))
        return len(captured), len(due)

    few, few_due = queries(2, "a")
    many, many_due = queries(18, "b")  # twenty in all
    assert (few_due, many_due) == (2, 20)  # the New York half, both kinds
    assert few == many <= 6


# Sent once ----------------------------------------------------------------------------------------------


def test_a_second_pass_sends_nothing_more():
    athlete_in(MADRID, "marta", checkin=time(8, 0))
    athlete_in(NEW_YORK, "nate", checkin=time(8, 0))
    assert send_due_reminders(now=utc(FRIDAY, 7, 0)) == 1
    assert send_due_reminders(now=utc(FRIDAY, 7, 1)) == 0
    assert send_due_reminders(now=utc(FRIDAY, 9, 59)) == 0
    assert send_due_reminders(now=utc(FRIDAY, 13, 0)) == 1
    assert sorted(message.to[0] for message in mail.outbox) == ["marta@example.com", "nate@example.com"]
    assert sorted(Reminder.objects.values_list("athlete__username", "kind", "day")) == [
        ("marta", "checkin", FRIDAY),
        ("nate", "checkin", FRIDAY),
    ]


def test_the_next_day_brings_the_next_reminder():
    athlete_in(MADRID, "marta", checkin=time(8, 0))
    send_due_reminders(now=utc(FRIDAY, 7, 0))
    send_due_reminders(now=utc(FRIDAY + timedelta(days=1), 7, 0))
    assert len(mail.outbox) == 2


def test_two_workers_racing_send_one_reminder():
    athlete_in(MADRID, "marta", checkin=time(8, 0), session=time(8, 0))
    plan_for(AthleteProfile.objects.get().user, start=FRIDAY)
    now = utc(FRIDAY, 7, 5)
    # Both workers choose before either sends: each sees both reminders as due.
    first, second = due_reminders(now=now), due_reminders(now=now)
    assert len(first) == len(second) == 2
    assert send_reminders(first, now=now) == 2
    assert send_reminders(second, now=now) == 0
    assert sorted(message.subject for message in mail.outbox) == [
        "Cramps: time for your check-in",
        "Cramps: today's plan session",
    ]


def test_a_claim_is_undone_if_the_email_cannot_be_queued(monkeypatch):
    athlete_in(MADRID, "marta", checkin=time(8, 0))

    def broken(*args, **kwargs):
        raise ConnectionError("queue down")

    monkeypatch.setattr(reminders, "queue_email", broken)
    assert send_due_reminders(now=utc(FRIDAY, 7, 0)) == 0
    assert not Reminder.objects.exists()  # so the next pass tries again
    monkeypatch.undo()
    assert send_due_reminders(now=utc(FRIDAY, 7, 1)) == 1


# The email ----------------------------------------------------------------------------------------------


def test_the_email_is_neutral_and_carries_its_links_and_unsubscribe_headers(settings):
    settings.SITE_URL = "https://cramps.example.com"
    athlete_in(MADRID, "marta", checkin=time(8, 0))
    send_due_reminders(now=utc(FRIDAY, 7, 0))
    (message,) = mail.outbox
    assert message.subject == "Cramps: time for your check-in"
    assert "https://cramps.example.com/checkin/" in message.body
    assert "cramp" not in message.body.lower().replace("cramps.example.com", "")
    stop = next(line for line in message.body.splitlines() if "/reminders/stop/" in line)
    one_click = message.extra_headers["List-Unsubscribe"]
    assert one_click == f"<{stop}one-click/>"
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_an_extra_header_cannot_start_another_header():
    tasks._deliver(
        "Cramps: hello",
        "Body",
        "alex@example.com",
        {"List-Unsubscribe": "<https://x.example/>\r\nBcc: someone@example.com"},
    )
    (message,) = mail.outbox
    assert message.bcc == []
    assert "Bcc" not in message.extra_headers
    raw = message.message().as_string()
    assert "\nBcc:" not in raw
    assert message.extra_headers["List-Unsubscribe"] == "<https://x.example/> Bcc: someone@example.com"


def test_the_session_email_links_to_the_plan():
    marta = athlete_in(MADRID, "marta", session=time(18, 0))
    plan_for(marta, start=FRIDAY, sessions_per_week=7)
    send_due_reminders(now=utc(FRIDAY, 17, 0))
    (message,) = mail.outbox
    assert message.subject == "Cramps: today's plan session"
    assert "/routine/" in message.body
    assert "Calf plan" not in message.body  # not even the plan's name


@pytest.mark.django_db(transaction=True)
def test_four_workers_at_once_send_each_reminder_once():
    """Real threads, each with its own connection to the file database, all passing at the same moment."""
    assert connection.vendor != "sqlite" or not connection.is_in_memory_db()
    for n in range(3):
        athlete_in(MADRID, f"racer{n}", checkin=time(8, 0))
    now = utc(FRIDAY, 7, 0)
    barrier = threading.Barrier(4)
    errors, queued = [], []

    def worker():
        try:
            barrier.wait()
            queued.append(send_due_reminders(now=now))
        except Exception as exc:  # collected and asserted below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    assert sum(queued) == 3
    assert sorted(message.to[0] for message in mail.outbox) == [f"racer{n}@example.com" for n in range(3)]
    assert Reminder.objects.count() == 3
