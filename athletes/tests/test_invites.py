"""Invite codes work once, for a short while, and a withdrawn or used code links nobody."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from athletes import services
from athletes.models import CoachInvite, CoachLink

from .coaching import link

pytestmark = pytest.mark.django_db

USED = "This code has already been used"


def accept(client, code):
    return client.post(reverse("athletes:join"), {"code": code, "accept": "1"}, follow=True)


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def test_accepting_a_code_records_who_used_it_and_when(athlete_client, athlete, coach):
    invite = CoachInvite.objects.create(coach=coach)
    accept(athlete_client, invite.code)
    invite.refresh_from_db()
    assert invite.used_by == athlete
    assert timezone.now() - invite.used_at < timedelta(minutes=1)


def test_a_used_code_is_refused_to_the_next_athlete_with_a_clear_message(athlete, other_athlete, coach):
    invite = CoachInvite.objects.create(coach=coach)
    accept(client_for(athlete), invite.code)
    response = accept(client_for(other_athlete), invite.code)
    assert USED in response.content.decode()
    assert "Ask your coach for a new one" in response.content.decode()
    assert not CoachLink.objects.filter(athlete=other_athlete).exists()


def test_a_code_taken_between_checking_and_accepting_links_nobody(athlete, other_athlete, coach):
    invite = CoachInvite.objects.create(coach=coach)
    assert services.accept_invite(athlete, invite)[1] is True
    assert services.accept_invite(other_athlete, invite) is None  # the same invite, read before it was used
    assert not CoachLink.objects.filter(athlete=other_athlete).exists()


def test_an_athlete_already_coached_keeps_a_new_code_unused(athlete_client, athlete, coach):
    link(coach, athlete)
    invite = CoachInvite.objects.create(coach=coach)
    response = accept(athlete_client, invite.code)
    assert "Casey is already your coach." in response.content.decode()
    invite.refresh_from_db()
    assert invite.used_at is None
    assert CoachLink.objects.filter(athlete=athlete).count() == 1


def test_a_withdrawn_code_links_nobody(coach_client, coach, athlete):
    invite = CoachInvite.objects.create(coach=coach)
    coach_client.post(reverse("athletes:invite-delete", args=[invite.pk]))
    response = accept(client_for(athlete), invite.code)
    assert "not valid or has expired" in response.content.decode()
    assert not CoachLink.objects.exists()


def test_a_coach_cannot_withdraw_another_coachs_code(client, coach, other_coach):
    invite = CoachInvite.objects.create(coach=coach)
    client.force_login(other_coach)
    assert client.post(reverse("athletes:invite-delete", args=[invite.pk])).status_code == 404
    assert CoachInvite.objects.filter(pk=invite.pk).exists()


def test_a_code_lasts_the_hours_the_setting_says(coach_client, coach, settings):
    settings.INVITE_LIFETIME_HOURS = 6
    coach_client.post(reverse("athletes:invites"))
    invite = CoachInvite.objects.get(coach=coach)
    assert abs(invite.expires_at - timezone.now() - timedelta(hours=6)) < timedelta(minutes=1)
    assert "lasts 6 hours" in coach_client.get(reverse("athletes:invites")).content.decode()


def test_a_code_past_its_hours_links_nobody(athlete_client, coach):
    invite = CoachInvite.objects.create(coach=coach, expires_at=timezone.now() - timedelta(seconds=1))
    response = accept(athlete_client, invite.code)
    assert "not valid or has expired" in response.content.decode()
    assert not CoachLink.objects.exists()


def test_the_invite_page_lists_open_codes_only(coach_client, coach, athlete):
    open_code = CoachInvite.objects.create(coach=coach)
    used = CoachInvite.objects.create(coach=coach)
    expired = CoachInvite.objects.create(coach=coach, expires_at=timezone.now() - timedelta(minutes=1))
    accept(client_for(athlete), used.code)
    body = coach_client.get(reverse("athletes:invites")).content.decode()
    assert open_code.code in body
    assert used.code not in body
    assert expired.code not in body


def test_the_invite_page_says_when_no_code_is_open(coach_client, coach, athlete):
    used = CoachInvite.objects.create(coach=coach)
    accept(client_for(athlete), used.code)
    body = coach_client.get(reverse("athletes:invites")).content.decode()
    assert "No open codes." in body
    assert used.code not in body


def test_a_removed_athlete_cannot_rejoin_with_the_old_code_but_can_with_a_new_one(coach_client, coach, athlete):
    old = CoachInvite.objects.create(coach=coach)
    athlete_client = client_for(athlete)
    accept(athlete_client, old.code)
    coach_client.post(reverse("athletes:remove-athlete", args=[athlete.pk]))

    response = accept(athlete_client, old.code)
    assert USED in response.content.decode()
    assert not CoachLink.objects.active().exists()

    new = CoachInvite.objects.create(coach=coach)
    accept(athlete_client, new.code)
    assert CoachLink.objects.active().filter(coach=coach, athlete=athlete).count() == 1
    assert CoachLink.objects.filter(coach=coach, athlete=athlete).count() == 2  # the ended link is kept
