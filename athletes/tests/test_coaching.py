import pytest
from django.core import mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from athletes.models import CoachInvite, CoachLink, RoutineAssignment
from library.tests.factories import make_cause, make_exercise, make_template

from .coaching import assign, link
from .factories import make_episode

pytestmark = pytest.mark.django_db


@pytest.fixture
def linked(coach, athlete):
    return link(coach, athlete)


@pytest.fixture
def calf_routine():
    fatigue = make_cause("neuromuscular-fatigue", name="Neuromuscular fatigue")
    calf = make_exercise("slow-calf-raises", name="Slow calf raises", causes=[fatigue])
    bridge = make_exercise("hamstring-bridges", name="Hamstring bridges", target_area="hamstrings", reps=5)
    return make_template("calf-endurance", name="Calf endurance", causes=[fatigue], exercises=[calf, bridge])


# Linking --------------------------------------------------------------------


def test_a_coach_creates_an_invite_with_a_code(coach_client, coach):
    coach_client.post(reverse("athletes:invites"))
    invite = CoachInvite.objects.get(coach=coach)
    assert len(invite.code) == 8
    body = coach_client.get(reverse("athletes:invites")).content.decode()
    assert invite.code in body
    assert reverse("athletes:join-code", args=[invite.code]) in body


def test_an_athlete_sees_who_the_coach_is_before_accepting(athlete_client, coach, athlete):
    invite = CoachInvite.objects.create(coach=coach)
    response = athlete_client.get(reverse("athletes:join-code", args=[invite.code]))
    assert "Casey" in response.content.decode()
    assert not CoachLink.objects.exists()
    athlete_client.post(reverse("athletes:join"), {"code": invite.code.lower(), "accept": "1"})
    assert CoachLink.objects.active().filter(coach=coach, athlete=athlete).count() == 1


def test_accepting_twice_links_once(athlete_client, coach):
    invite = CoachInvite.objects.create(coach=coach)
    for _ in range(2):
        athlete_client.post(reverse("athletes:join"), {"code": invite.code, "accept": "1"})
    assert CoachLink.objects.count() == 1


def test_an_expired_or_unknown_code_links_nobody(athlete_client, coach):
    expired = CoachInvite.objects.create(coach=coach, expires_at=timezone.now())
    for code in (expired.code, "NOSUCH99"):
        response = athlete_client.post(reverse("athletes:join"), {"code": code, "accept": "1"})
        assert "not valid or has expired" in response.content.decode()
    assert not CoachLink.objects.exists()


def test_a_coach_sees_only_linked_athletes(coach_client, athlete, other_athlete, linked):
    body = coach_client.get(reverse("athletes:dashboard")).content.decode()
    assert "Alex" in body
    assert "Blair" not in body


def test_an_athlete_who_leaves_disappears_from_the_coach_at_once(client, coach, athlete, linked):
    client.force_login(athlete)
    client.post(reverse("athletes:leave-coach", args=[linked.pk]))
    client.force_login(coach)
    assert client.get(reverse("athletes:coach-athlete", args=[athlete.pk])).status_code == 404
    assert "Alex" not in client.get(reverse("athletes:dashboard")).content.decode()


def test_a_removed_athletes_page_is_404_for_the_coach(coach_client, athlete, linked):
    coach_client.post(reverse("athletes:remove-athlete", args=[athlete.pk]))
    linked.refresh_from_db()
    assert linked.ended_at is not None
    assert coach_client.get(reverse("athletes:coach-athlete", args=[athlete.pk])).status_code == 404


def test_leaving_asks_for_confirmation_first(athlete_client, linked):
    response = athlete_client.get(reverse("athletes:leave-coach", args=[linked.pk]))
    assert "Leave Casey?" in response.content.decode()
    linked.refresh_from_db()
    assert linked.ended_at is None


def test_an_athlete_cannot_end_someone_elses_link(client, other_athlete, linked):
    client.force_login(other_athlete)
    assert client.post(reverse("athletes:leave-coach", args=[linked.pk])).status_code == 404
    linked.refresh_from_db()
    assert linked.ended_at is None


# Other coaches' athletes ------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "methods"),
    [
        ("athletes:coach-athlete", ["get"]),
        ("athletes:assign", ["get", "post"]),
        ("athletes:remove-athlete", ["get", "post"]),
        ("athletes:end-routine", ["get", "post"]),
        ("athletes:edit-routine", ["get", "post"]),
    ],
)
def test_another_coach_gets_404_for_an_athlete_not_theirs(client, other_coach, coach, athlete, linked, name, methods):
    assign(coach, athlete, [make_exercise()])
    client.force_login(other_coach)
    for method in methods:
        assert getattr(client, method)(reverse(name, args=[athlete.pk])).status_code == 404
    assert RoutineAssignment.objects.get(athlete=athlete).is_active
    assert CoachLink.objects.active().filter(coach=coach, athlete=athlete).exists()


def test_a_post_naming_another_coachs_athlete_creates_nothing(client, other_coach, athlete, linked, calf_routine):
    client.force_login(other_coach)
    exercise = calf_routine.items.first().exercise
    response = client.post(
        reverse("athletes:assign", args=[athlete.pk]) + "?template=calf-endurance",
        {
            "name": "Sneaky",
            "start_date": "2026-11-22",
            "sessions_per_week": 3,
            "weeks": 4,
            "items-TOTAL_FORMS": 1,
            "items-INITIAL_FORMS": 0,
            "items-0-exercise": exercise.pk,
            "items-0-reps": 10,
        },
    )
    assert response.status_code == 404
    assert not RoutineAssignment.objects.exists()
    assert not CoachLink.objects.filter(coach=other_coach).exists()


def test_a_coach_cannot_open_an_unlinked_athlete_by_guessing_ids(coach_client, other_athlete):
    assert coach_client.get(reverse("athletes:coach-athlete", args=[other_athlete.pk])).status_code == 404


# Assignment ------------------------------------------------------------------


def _assign_post(coach_client, athlete, calf_routine, **overrides):
    items = list(calf_routine.items.select_related("exercise"))
    data = {
        "name": "Calf endurance",
        "start_date": timezone.localdate().isoformat(),
        "sessions_per_week": 3,
        "weeks": 4,
        "note": "Slow tempo, please.",
        "items-TOTAL_FORMS": 3,
        "items-INITIAL_FORMS": 2,
        # the coach swaps the order, changes a dose, and adds nothing in the third row
        "items-0-exercise": items[0].exercise.pk,
        "items-0-sets": 4,
        "items-0-reps": 12,
        "items-0-ORDER": 2,
        "items-1-exercise": items[1].exercise.pk,
        "items-1-reps": 5,
        "items-1-hold_seconds": 15,
        "items-1-ORDER": 1,
        "items-2-exercise": "",
        **overrides,
    }
    return coach_client.post(reverse("athletes:assign", args=[athlete.pk]) + "?template=calf-endurance", data)


def test_the_assign_form_starts_from_the_template(coach_client, athlete, linked, calf_routine):
    response = coach_client.get(reverse("athletes:assign", args=[athlete.pk]), {"template": "calf-endurance"})
    formset = response.context["formset"]
    assert [f.initial["exercise"].slug for f in formset.forms[:2]] == ["slow-calf-raises", "hamstring-bridges"]


def test_it_assigns_an_adjusted_copy_of_the_template(coach_client, athlete, linked, calf_routine):
    response = _assign_post(coach_client, athlete, calf_routine)
    assert response.status_code == 302
    assignment = RoutineAssignment.objects.get(athlete=athlete, is_active=True)
    items = list(assignment.items.order_by("position"))
    assert [(i.exercise.slug, i.sets, i.reps, i.hold_seconds) for i in items] == [
        ("hamstring-bridges", None, 5, 15),
        ("slow-calf-raises", 4, 12, None),
    ]
    assert assignment.template == calf_routine
    assert assignment.note == "Slow tempo, please."


def test_later_library_edits_do_not_change_an_assigned_routine(coach_client, athlete, linked, calf_routine):
    _assign_post(coach_client, athlete, calf_routine)
    calf_routine.items.update(sets=9, reps=99)
    assignment = RoutineAssignment.objects.get(athlete=athlete)
    assert sorted(assignment.items.values_list("reps", flat=True)) == [5, 12]


def test_assigning_a_new_routine_ends_the_old_one(coach, athlete, linked, calf_routine):
    exercises = [i.exercise for i in calf_routine.items.all()]
    first = assign(coach, athlete, exercises)
    second = assign(coach, athlete, exercises[:1])
    first.refresh_from_db()
    assert not first.is_active
    assert first.ended_on is not None
    assert RoutineAssignment.objects.get(athlete=athlete, is_active=True) == second


def test_the_database_holds_one_active_routine_per_athlete(coach, athlete, calf_routine):
    RoutineAssignment.objects.create(athlete=athlete, coach=coach, name="A", sessions_per_week=3, weeks=4)
    with pytest.raises(IntegrityError), transaction.atomic():
        RoutineAssignment.objects.create(athlete=athlete, coach=coach, name="B", sessions_per_week=3, weeks=4)


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"sessions_per_week": 0}, "greater than or equal to 1"),
        ({"weeks": 60}, "less than or equal to 52"),
        ({"start_date": "2020-01-01"}, "Start today or later"),
        ({"start_date": "2099-01-01"}, "Start within the next three months."),
        ({"items-1-reps": "", "items-1-hold_seconds": ""}, "Give reps, a hold time, or both."),
        ({"items-0-DELETE": "on", "items-1-DELETE": "on"}, "A plan needs at least one exercise or habit."),
    ],
)
def test_a_bad_assignment_says_why_and_saves_nothing(coach_client, athlete, linked, calf_routine, overrides, message):
    response = _assign_post(coach_client, athlete, calf_routine, **overrides)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not RoutineAssignment.objects.exists()


def test_the_athlete_is_emailed_when_a_routine_is_assigned(
    coach_client, athlete, linked, calf_routine, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _assign_post(coach_client, athlete, calf_routine)
    assert [m.to for m in mail.outbox] == [["alex@example.com"]]
    assert "Calf endurance" in mail.outbox[0].body


def test_coaches_are_emailed_when_an_athlete_logs_a_warning_sign(
    client, coach, other_coach, athlete, linked, django_capture_on_commit_callbacks
):
    client.force_login(athlete)
    episode = make_episode(athlete)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("athletes:episode-edit", args=[episode.pk]),
            {
                "occurred_at": episode.occurred_at.strftime("%Y-%m-%dT%H:%M"),
                "muscle": "calves",
                "severity": 5,
                "numbness": "on",
            },
        )
    assert [m.to for m in mail.outbox] == [["casey@example.com"]]
    assert "Numbness logged on" in mail.outbox[0].body
    # saving again without a new sign sends nothing more
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("athletes:episode-edit", args=[episode.pk]),
            {
                "occurred_at": episode.occurred_at.strftime("%Y-%m-%dT%H:%M"),
                "muscle": "calves",
                "severity": 6,
                "numbness": "on",
            },
        )
    assert len(mail.outbox) == 1


def test_a_pasted_link_or_padded_code_still_finds_the_invite(athlete_client, coach):
    invite = CoachInvite.objects.create(coach=coach)
    for entry in (f"  {invite.code.lower()} ", f"http://testserver/join/{invite.code}/"):
        response = athlete_client.post(reverse("athletes:join"), {"code": entry})
        assert "Casey" in response.content.decode(), entry


def test_a_new_athlete_from_an_invite_link_comes_back_to_it_after_signing_up(client, coach):
    invite = CoachInvite.objects.create(coach=coach)
    join_url = reverse("athletes:join-code", args=[invite.code])
    login_page = client.get(join_url, follow=True)
    assert f'href="{reverse("signup")}?next={join_url}"' in login_page.content.decode()
    response = client.post(
        reverse("signup") + f"?next={join_url}",
        {
            "username": "newbie",
            "email": "newbie@example.com",
            "role": "athlete",
            "athlete_type": "gym",
            "time_zone": "UTC",
            "password1": "calf-raise-tempo-33",
            "password2": "calf-raise-tempo-33",
            "next": join_url,
        },
    )
    assert response.url == join_url


def test_signing_up_ignores_a_next_pointing_elsewhere(client):
    response = client.post(
        reverse("signup"),
        {
            "username": "newbie",
            "email": "newbie@example.com",
            "role": "athlete",
            "athlete_type": "gym",
            "time_zone": "UTC",
            "password1": "calf-raise-tempo-33",
            "password2": "calf-raise-tempo-33",
            "next": "https://evil.example.com/",
        },
    )
    assert response.url == reverse("home")
