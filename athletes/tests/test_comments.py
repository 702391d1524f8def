"""Comments between an athlete and their coach on plans, sessions and episodes."""

import logging
from datetime import timedelta

import pytest
from django.core import mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from athletes.models import Comment, RoutineSession
from conftest import count_queries, make_user
from library.tests.factories import make_exercise

from .coaching import assign, link
from .factories import make_episode
from .task_queue import run_worker

pytestmark = pytest.mark.django_db

TEXT = "Left calf felt tight on the last set-7311"


@pytest.fixture
def things(athlete, coach):
    """The athlete's plan (from their coach), a session of it and an episode: the three things to comment on."""
    link(coach, athlete)
    plan = assign(coach, athlete, [make_exercise("slow-calf-raises", name="Slow calf raises")], start_days_ago=3)
    session = RoutineSession.objects.create(assignment=plan, performed_on=plan.start_date, helped="yes")
    episode = make_episode(athlete, days_ago=1, setting="training")
    return {"plan": plan, "session": session, "episode": episode}


URL_NAMES = {
    "plan": "athletes:plan-comments",
    "session": "athletes:session-comments",
    "episode": "athletes:episode-comments",
}


def thread_url(things, kind):
    return reverse(URL_NAMES[kind], args=[things[kind].pk])


def as_user(client, user):
    client.force_login(user)
    return client


# Both sides post and see ---------------------------------------------------------------


@pytest.mark.parametrize("kind", ["plan", "session", "episode"])
def test_the_athlete_and_their_coach_each_post_and_see_the_other_sides_comment(client, athlete, coach, things, kind):
    url = thread_url(things, kind)
    response = as_user(client, athlete).post(url, {"text": TEXT})
    assert response.status_code == 302
    response = as_user(client, coach).post(url, {"text": "Drop to two sets this week."})
    assert response.status_code == 302

    for user in (athlete, coach):
        page = as_user(client, user).get(url).content.decode()
        assert TEXT in page
        assert "Drop to two sets this week." in page
    comments = Comment.objects.order_by("pk")
    assert [(c.author, c.athlete, c.target) for c in comments] == [
        (athlete, athlete, things[kind]),
        (coach, athlete, things[kind]),
    ]


def test_threads_show_on_the_pages_that_show_their_plan_session_and_episode(client, athlete, coach, things):
    for kind, words in (("plan", "On the plan-1"), ("session", "On the session-2"), ("episode", "On the cramp-3")):
        Comment.objects.create(athlete=athlete, author=coach, text=words, **{_field(kind): things[kind]})

    routine = as_user(client, athlete).get(reverse("athletes:routine")).content.decode()
    assert "On the plan-1" in routine
    assert "On the session-2" in routine
    episode_page = client.get(reverse("athletes:episode-edit", args=[things["episode"].pk])).content.decode()
    assert "On the cramp-3" in episode_page

    coach_page = as_user(client, coach).get(reverse("athletes:coach-athlete", args=[athlete.pk])).content.decode()
    for words in ("On the plan-1", "On the session-2", "On the cramp-3"):
        assert words in coach_page
    for page in (routine, episode_page, coach_page):
        assert "{#" not in page  # no template comment leaks onto a page


def _field(kind):
    return "assignment" if kind == "plan" else kind


def test_a_comment_posted_from_a_page_without_javascript_leads_back_to_that_page_at_its_thread(client, athlete, things):
    url = thread_url(things, "session")
    response = as_user(client, athlete).post(url, {"text": TEXT, "next": "/routine/?day=2026-01-01"})
    assert response.url == f"/routine/?day=2026-01-01#comments-session-{things['session'].pk}"


@pytest.mark.parametrize("posted_from", ["https://elsewhere.example/", "routine", ""])
def test_a_next_address_that_is_not_a_path_here_leads_to_the_thread(client, athlete, things, posted_from):
    url = thread_url(things, "plan")
    response = as_user(client, athlete).post(url, {"text": TEXT, "next": posted_from})
    assert response.url == f"{url}#comments-assignment-{things['plan'].pk}"


def test_with_htmx_the_thread_comes_back_alone_with_the_new_comment_and_an_empty_form(client, athlete, things):
    url = thread_url(things, "episode")
    response = as_user(client, athlete).post(url, {"text": TEXT}, headers={"HX-Request": "true"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in body
    assert f'id="comments-episode-{things["episode"].pk}"' in body
    assert TEXT in body
    assert f">{TEXT}</textarea>" not in body


# New, then read ------------------------------------------------------------------------------


def test_a_coachs_comment_is_new_to_the_athlete_until_they_open_the_page_that_shows_it(client, athlete, coach, things):
    as_user(client, coach).post(thread_url(things, "session"), {"text": "Nice work on Monday."})

    as_user(client, athlete)
    log = client.get(reverse("athletes:episode-list")).content.decode()
    assert "1 new comment from your coach" in log
    assert thread_url(things, "session") in log
    routine = client.get(reverse("athletes:routine")).content.decode()
    assert "Nice work on Monday." in routine
    assert "1 new" in routine  # the session's folded thread opens, marked new, this once

    assert Comment.objects.get().read_at is not None
    assert "new comment" not in client.get(reverse("athletes:episode-list")).content.decode()
    assert "1 new" not in client.get(reverse("athletes:routine")).content.decode()


def test_an_athletes_comment_is_new_on_the_coachs_dashboard_until_the_coach_opens_the_athletes_page(
    client, athlete, coach, things
):
    as_user(client, athlete).post(thread_url(things, "episode"), {"text": TEXT})
    as_user(client, athlete).post(thread_url(things, "plan"), {"text": "Can I swap the second exercise?"})

    as_user(client, coach)
    dashboard = client.get(reverse("athletes:dashboard"))
    assert [row.new_comments for row in dashboard.context["rows"]] == [2]
    assert "2 new comments" in dashboard.content.decode()

    page = client.get(reverse("athletes:coach-athlete", args=[athlete.pk])).content.decode()
    assert "New from Alex: 2 comments" in page
    assert TEXT in page

    assert client.get(reverse("athletes:dashboard")).context["rows"][0].new_comments == 0
    assert "New from Alex" not in client.get(reverse("athletes:coach-athlete", args=[athlete.pk])).content.decode()


def test_ones_own_comments_are_never_new_to_oneself(client, athlete, coach, things):
    as_user(client, athlete).post(thread_url(things, "plan"), {"text": TEXT})
    assert "new comment" not in client.get(reverse("athletes:episode-list")).content.decode()
    client.get(reverse("athletes:routine"))
    assert Comment.objects.get().read_at is None  # still new to the coach


def test_a_strangers_visit_leaves_a_new_comment_new(client, athlete, coach, other_coach, things):
    as_user(client, athlete).post(thread_url(things, "episode"), {"text": TEXT})
    as_user(client, other_coach).get(thread_url(things, "episode"))
    assert Comment.objects.get().read_at is None


# Email ---------------------------------------------------------------------------------------


def test_the_coach_gets_an_email_through_the_queue_when_the_athlete_comments(
    client, athlete, coach, things, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.SITE_URL = "https://cramps.example.com"
    with django_capture_on_commit_callbacks(execute=True):
        as_user(client, athlete).post(thread_url(things, "session"), {"text": TEXT})
    assert mail.outbox == []  # queued for the worker, not sent in the request
    comment = Comment.objects.get()
    # The stored task says whom it is for and what about, by id: none of its words.
    assert DBTaskResult.objects.get().args_kwargs["kwargs"] == {
        "user_id": coach.pk,
        "kind": "comment",
        "ids": {"comment": comment.pk},
        "about_user_id": athlete.pk,
    }
    run_worker()
    (email,) = mail.outbox
    assert email.to == ["casey@example.com"]
    assert email.subject == "Cramps: a new comment from Alex"
    assert f"https://cramps.example.com{thread_url(things, 'session')}" in email.body
    assert TEXT not in email.body  # what they wrote stays behind the log-in
    assert "session" not in email.body.split("https://")[0]  # and so does what it is about


def test_the_athlete_is_emailed_when_their_coach_comments_and_an_ex_coach_is_not_when_they_do(
    client, athlete, coach, other_coach, things, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        as_user(client, coach).post(thread_url(things, "plan"), {"text": "How did it feel?"})
    assert [(m.to, m.subject) for m in mail.outbox] == [(["alex@example.com"], "Cramps: a new comment from Casey")]
    ended = link(other_coach, athlete)
    ended.ended_at = timezone.now()
    ended.save()
    with django_capture_on_commit_callbacks(execute=True):
        as_user(client, athlete).post(thread_url(things, "plan"), {"text": "Fine, thanks."})
    assert [m.to for m in mail.outbox[1:]] == [["casey@example.com"]]


# Who may see and post ------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["plan", "session", "episode"])
@pytest.mark.parametrize("stranger", ["other_athlete", "other_coach", "ex_coach"])
def test_strangers_and_ex_coaches_get_404_and_their_post_changes_nothing(
    client, request, athlete, coach, things, kind, stranger
):
    Comment.objects.create(athlete=athlete, author=athlete, text=TEXT, **{_field(kind): things[kind]})
    if stranger == "ex_coach":
        user = make_user("erin", role="coach", first_name="Erin")
        ended = link(user, athlete)
        ended.ended_at = timezone.now()
        ended.save()
    else:
        user = request.getfixturevalue(stranger)
    as_user(client, user)
    url = thread_url(things, kind)
    get = client.get(url)
    assert get.status_code == 404
    assert TEXT not in get.content.decode()
    assert client.post(url, {"text": "Let me in."}).status_code == 404
    assert list(Comment.objects.values_list("text", "read_at")) == [(TEXT, None)]


def test_an_ended_link_loses_access_to_the_threads_it_had(client, athlete, coach, things):
    as_user(client, coach).post(thread_url(things, "plan"), {"text": "Keep going."})
    athlete.coach_links.update(ended_at=timezone.now())
    assert client.get(thread_url(things, "plan")).status_code == 404
    assert client.post(thread_url(things, "plan"), {"text": "Still here?"}).status_code == 404
    assert Comment.objects.count() == 1


def test_a_coach_reading_and_commenting_is_in_the_security_log_without_the_words(
    client, athlete, coach, things, caplog
):
    caplog.set_level(logging.INFO, logger="cramps.security")
    as_user(client, coach).get(thread_url(things, "episode"))
    client.post(thread_url(things, "episode"), {"text": TEXT})
    events = [record.getMessage().split()[0] for record in caplog.records if record.name == "cramps.security"]
    assert [event for event in events if event != "login"] == ["coach-read-athlete", "coach-change-athlete"]
    assert all(TEXT not in record.getMessage() for record in caplog.records)


# Bad text ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "Write your comment first: it is empty."),
        ("   \n ", "Write your comment first: it is empty."),
        ("x" * 1001, "Keep it to 1000 characters (it has 1001)."),
        ("Fine\x00then", "Remove the control characters from this text."),
        ("Bell\x07", "Remove the control characters from this text."),
    ],
)
@pytest.mark.parametrize("htmx", [False, True])
def test_bad_text_is_a_clear_form_error_and_saves_nothing(client, athlete, things, text, message, htmx):
    headers = {"HX-Request": "true"} if htmx else {}
    response = as_user(client, athlete).post(thread_url(things, "episode"), {"text": text}, headers=headers)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Comment.objects.exists()


def test_a_thousand_characters_and_line_breaks_are_fine(client, athlete, things):
    start = "Two lines\nand a tab\t"
    text = start + "x" * (1000 - len(start))
    assert as_user(client, athlete).post(thread_url(things, "plan"), {"text": text}).status_code == 302
    assert Comment.objects.get().text == text


def test_the_database_refuses_a_comment_on_two_things_or_on_nothing(athlete, things):
    for targets in ({"assignment": things["plan"], "episode": things["episode"]}, {}):
        with pytest.raises(IntegrityError), transaction.atomic():
            Comment.objects.create(athlete=athlete, author=athlete, text=TEXT, **targets)


def test_the_database_refuses_empty_or_over_long_text(athlete, things):
    for text in ("", "x" * 1001):
        with pytest.raises(IntegrityError), transaction.atomic():
            Comment.objects.create(athlete=athlete, author=athlete, text=text, episode=things["episode"])


# Queries -------------------------------------------------------------------------------------


def test_the_dashboard_badge_reads_one_query_however_many_athletes_have_new_comments(client, coach, athlete, things):
    as_user(client, coach)
    url = reverse("athletes:dashboard")
    Comment.objects.create(athlete=athlete, author=athlete, text=TEXT, episode=things["episode"])
    one = count_queries(client, url)
    for n in range(6):
        other = make_user(f"athlete{n}", first_name=f"Athlete {n}")
        link(coach, other)
        episode = make_episode(other, days_ago=1, setting="rest")
        for _ in range(3):
            Comment.objects.create(athlete=other, author=other, text=TEXT, episode=episode)
    assert count_queries(client, url) == one
    assert sorted(row.new_comments for row in client.get(url).context["rows"]) == [1, 3, 3, 3, 3, 3, 3]


def test_the_coachs_page_reads_comments_in_one_query_however_many_threads(client, coach, athlete, things):
    start = things["plan"].start_date
    sessions = [
        RoutineSession.objects.create(assignment=things["plan"], performed_on=start + timedelta(days=day))
        for day in range(1, 4)
    ]
    episodes = [make_episode(athlete, days_ago=day, setting="rest") for day in range(2, 5)]
    as_user(client, coach)
    url = reverse("athletes:coach-athlete", args=[athlete.pk])
    Comment.objects.create(athlete=athlete, author=coach, text=TEXT, episode=things["episode"])
    before = count_queries(client, url)
    for session, episode in zip(sessions, episodes, strict=True):
        Comment.objects.create(athlete=athlete, author=coach, text=TEXT, session=session)
        Comment.objects.create(athlete=athlete, author=coach, text=TEXT, episode=episode)
    assert count_queries(client, url) == before
