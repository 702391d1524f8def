"""Links that share the report with a physio or doctor: made, opened, expired, revoked, and nothing more."""

import hashlib
import logging
import re
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from athletes.models import ReportShare

from .coaching import link
from .factories import make_episode
from .report_helpers import get_pdf, pdf_text, report_article

pytestmark = pytest.mark.django_db


@pytest.fixture
def clock(monkeypatch):
    """Set the server's clock: clock(moment)."""

    def set_to(moment):
        monkeypatch.setattr(timezone, "now", lambda: moment)
        return moment

    return set_to


def make_link(client, days=7, label="Physio"):
    """Make a link through the page, as the athlete does: (the ReportShare, the link's path)."""
    response = client.post(reverse("athletes:report-shares"), {"days": str(days), "label": label})
    assert response.status_code == 302
    page = client.get(reverse("athletes:report-shares")).content.decode()
    path = re.search(r'value="http://testserver(/shared/[^"]+/)"', page).group(1)
    return ReportShare.objects.latest("pk"), path


def token_of(path):
    return path.strip("/").split("/")[1]


@pytest.fixture
def alex_data(athlete, other_athlete):
    make_episode(athlete, days_ago=1, setting="night", notes="alex-marker")
    make_episode(other_athlete, days_ago=1, setting="training", muscle="feet", notes="blair-marker")


# Making one --------------------------------------------------------------------------


def test_an_athlete_makes_a_link_and_sees_it_once(athlete_client, athlete):
    share, path = make_link(athlete_client, days=10, label="Physio, Dr Patel")
    assert share.athlete == athlete
    assert share.label == "Physio, Dr Patel"
    assert share.expires_at - share.created_at == timedelta(days=10)
    again = athlete_client.get(reverse("athletes:report-shares")).content.decode()
    assert path not in again  # shown once: only its hash is kept
    assert "Physio, Dr Patel" in again  # still listed, to revoke


def test_only_the_tokens_hash_is_stored(athlete_client):
    share, path = make_link(athlete_client)
    token = token_of(path)
    assert len(token) >= 40
    assert share.token_hash == hashlib.sha256(token.encode()).hexdigest()
    stored = {getattr(share, field.attname) for field in ReportShare._meta.concrete_fields}
    assert token not in {str(value) for value in stored}


@pytest.mark.parametrize("days", ["0", "31", "-1", "abc", "", "1.5", "7e3", "99999999999999999999999999"])
def test_a_lifetime_outside_1_to_30_days_is_a_form_error_and_saves_nothing(athlete_client, days):
    response = athlete_client.post(reverse("athletes:report-shares"), {"days": days, "label": ""})
    assert response.status_code == 200
    assert "No link was made" in response.content.decode()
    assert response.context["form"].errors["days"]
    assert not ReportShare.objects.exists()


@pytest.mark.parametrize("days", [1, 30])
def test_one_and_thirty_days_are_allowed(athlete_client, days):
    share, _ = make_link(athlete_client, days=days)
    assert share.expires_at - share.created_at == timedelta(days=days)


def test_a_label_with_control_characters_is_refused(athlete_client):
    response = athlete_client.post(reverse("athletes:report-shares"), {"days": "7", "label": "Dr\x00 Who"})
    assert response.context["form"].errors["label"]
    assert not ReportShare.objects.exists()


def test_the_page_lists_only_my_links_that_still_work(athlete_client, athlete, other_athlete, clock):
    now = timezone.now()
    ReportShare.create_for(athlete, days=3, label="Working link")
    ReportShare.create_for(other_athlete, days=3, label="Someone else's")
    revoked, _ = ReportShare.create_for(athlete, days=3, label="Revoked link")
    revoked.revoke()
    clock(now - timedelta(days=5))
    ReportShare.create_for(athlete, days=2, label="Expired link")
    clock(now)
    body = athlete_client.get(reverse("athletes:report-shares")).content.decode()
    assert "Working link" in body
    assert "Someone else" not in body
    assert "Revoked link" not in body
    assert "Expired link" not in body


@pytest.mark.parametrize("intruder", ["coach", None])
def test_coaches_and_visitors_cannot_make_links(client, request, athlete, intruder):
    if intruder:
        client.force_login(request.getfixturevalue(intruder))
    response = client.post(reverse("athletes:report-shares"), {"days": "7"})
    assert response.status_code == (404 if intruder else 302)
    assert not ReportShare.objects.exists()


# Opening one ---------------------------------------------------------------------------


def test_the_link_opens_the_report_without_an_account(athlete_client, alex_data):
    share, path = make_link(athlete_client)
    response = Client().get(path)
    assert response.status_code == 200
    article = report_article(response)
    assert "Cramp report: Alex" in article
    assert "alex-marker" in article
    assert "blair-marker" not in article
    share.refresh_from_db()
    assert share.open_count == 1
    assert share.last_opened_at is not None


def test_the_link_offers_the_pdf_too(athlete_client, alex_data):
    share, path = make_link(athlete_client)
    response, html = get_pdf(Client(), path + "report.pdf")
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF-")
    text = " ".join(pdf_text(html))
    assert "alex-marker" in text
    assert "blair-marker" not in text
    share.refresh_from_db()
    assert share.open_count == 1


def test_shared_pages_are_private_unindexed_and_send_no_referrer(athlete_client, alex_data):
    _, path = make_link(athlete_client)
    for url in (path, path + "report.pdf"):
        response = Client().get(url)
        assert "no-store" in response["Cache-Control"]
        assert "noindex" in response["X-Robots-Tag"]
        assert response["Referrer-Policy"] == "no-referrer"
    body = Client().get(path).content.decode()
    assert '<meta name="robots" content="noindex, nofollow">' in body


def test_a_dead_link_is_private_too(client):
    response = client.get(reverse("athletes:shared-report", args=["no-such-token"]))
    assert response.status_code == 404
    assert "no-store" in response["Cache-Control"]
    assert "noindex" in response["X-Robots-Tag"]


def test_opening_is_logged_without_the_token(athlete_client, caplog):
    share, path = make_link(athlete_client)
    caplog.set_level(logging.INFO, logger="cramps.security")
    Client(REMOTE_ADDR="203.0.113.9").get(path)
    lines = [r.getMessage() for r in caplog.records if r.name == "cramps.security"]
    opened = [line for line in lines if line.startswith("report-share-opened")]
    assert opened == [
        f"report-share-opened ip=203.0.113.9 share={share.pk} athlete={share.athlete_id} pdf=False opens=1"
    ]
    assert all(token_of(path) not in line for line in lines)


def test_the_link_reaches_no_other_page(athlete_client, athlete, coach, alex_data):
    link(coach, athlete)
    _, path = make_link(athlete_client)
    visitor = Client()
    body = visitor.get(path).content.decode()
    links = set(re.findall(r'href="([^"]+)"', body))
    assert links <= {path + "report.pdf"} | {h for h in links if h.startswith("/static/")}
    assert "sessionid" not in visitor.cookies  # opening a link signs no one in
    for url in [
        reverse("athletes:report"),
        reverse("athletes:insights"),
        reverse("athletes:episode-list"),
        reverse("athletes:coach-athlete", args=[athlete.pk]),
        reverse("athletes:report-shares"),
    ]:
        response = visitor.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))


def test_one_athletes_token_never_shows_another(client, athlete, other_athlete, alex_data):
    _, alex_token = ReportShare.create_for(athlete, days=3)
    _, blair_token = ReportShare.create_for(other_athlete, days=3)
    alex_page = report_article(client.get(reverse("athletes:shared-report", args=[alex_token])))
    blair_page = report_article(client.get(reverse("athletes:shared-report", args=[blair_token])))
    assert "alex-marker" in alex_page
    assert "blair-marker" not in alex_page
    assert "blair-marker" in blair_page
    assert "alex-marker" not in blair_page


@pytest.mark.parametrize("token", ["no-such-token", "x" * 43, "%00"])
def test_an_unknown_token_is_404(client, token):
    assert client.get(f"/shared/{token}/").status_code == 404
    assert client.get(f"/shared/{token}/report.pdf").status_code == 404


def test_a_hash_in_place_of_the_token_opens_nothing(client, athlete):
    share, _ = ReportShare.create_for(athlete, days=3)
    assert client.get(reverse("athletes:shared-report", args=[share.token_hash])).status_code == 404


# Expiry and revoking -------------------------------------------------------------------


def test_a_link_works_until_it_expires_then_answers_404(client, athlete, clock, alex_data):
    made = clock(timezone.now())
    share, token = ReportShare.create_for(athlete, days=3)
    url = reverse("athletes:shared-report", args=[token])
    clock(made + timedelta(days=3) - timedelta(seconds=1))
    assert client.get(url).status_code == 200
    clock(made + timedelta(days=3))
    assert client.get(url).status_code == 404
    assert client.get(url + "report.pdf").status_code == 404
    share.refresh_from_db()
    assert share.open_count == 1


def test_a_link_that_expired_long_ago_answers_404(client, athlete):
    share, token = ReportShare.create_for(athlete, days=3)
    ReportShare.objects.filter(pk=share.pk).update(
        created_at=timezone.now() - timedelta(days=10), expires_at=timezone.now() - timedelta(days=7)
    )
    assert client.get(reverse("athletes:shared-report", args=[token])).status_code == 404


def test_revoking_asks_first_then_the_link_answers_404(athlete_client, alex_data):
    share, path = make_link(athlete_client, label="Physio Kim")
    revoke = reverse("athletes:revoke-report-share", args=[share.pk])
    confirm = athlete_client.get(revoke)
    assert confirm.status_code == 200
    assert "Revoke this link?" in confirm.content.decode()
    share.refresh_from_db()
    assert share.revoked_at is None
    assert Client().get(path).status_code == 200

    response = athlete_client.post(revoke)
    assert response.status_code == 302
    share.refresh_from_db()
    assert share.revoked_at is not None
    assert Client().get(path).status_code == 404
    assert Client().get(path + "report.pdf").status_code == 404
    assert "Physio Kim" not in athlete_client.get(reverse("athletes:report-shares")).content.decode()


@pytest.mark.parametrize("intruder", ["other_athlete", "coach", None])
@pytest.mark.parametrize("method", ["get", "post"])
def test_only_the_athlete_revokes_their_link(client, request, athlete, coach, intruder, method):
    link(coach, athlete)
    share, token = ReportShare.create_for(athlete, days=3)
    if intruder:
        client.force_login(request.getfixturevalue(intruder))
    response = getattr(client, method)(reverse("athletes:revoke-report-share", args=[share.pk]))
    assert response.status_code == (404 if intruder else 302)
    share.refresh_from_db()
    assert share.revoked_at is None
    assert Client().get(reverse("athletes:shared-report", args=[token])).status_code == 200


def test_the_database_refuses_a_link_that_expires_before_it_was_made(athlete):
    from django.db import IntegrityError, transaction

    now = timezone.now()
    with pytest.raises(IntegrityError), transaction.atomic():
        ReportShare.objects.create(athlete=athlete, token_hash="x" * 64, created_at=now, expires_at=now)


def test_a_link_to_a_deactivated_account_answers_404(client, athlete):
    _, token = ReportShare.create_for(athlete, days=3)
    athlete.is_active = False
    athlete.save()
    assert client.get(reverse("athletes:shared-report", args=[token])).status_code == 404
