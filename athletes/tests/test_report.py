"""The report for a clinician: what it holds, who may read it, and its PDF."""

from datetime import UTC, datetime, time, timedelta
from unittest import mock

import pytest
from django.urls import reverse
from django.utils import dateformat, timezone

from athletes import insights, pdf
from athletes.models import AthleteProfile, CrampEpisode
from conftest import count_queries
from library.models import RedFlag
from library.tests.factories import make_cause, make_exercise, make_strategy

from .coaching import assign, do_sessions, link
from .factories import make_episode, make_episodes
from .report_helpers import get_pdf, pdf_text, report_article

pytestmark = pytest.mark.django_db

ATHLETE_URLS = ["athletes:report", "athletes:report-pdf"]
COACH_URLS = ["athletes:coach-report", "athletes:coach-report-pdf"]


@pytest.fixture
def story(athlete, other_athlete, coach):
    """Alex's cramps, medicines and plan; Blair's cramps, which must never show in Alex's report."""
    link(coach, athlete)
    dehydration = make_cause("dehydration", name="Dehydration")
    profile = AthleteProfile.objects.get(user=athlete)
    profile.takes_statins = True
    profile.other_medicines = "Omeprazole"
    profile.sport = "Rowing"
    profile.save()
    make_episode(
        athlete, days_ago=2, muscle="hamstrings", side="left", setting="night", notes="Woke at 3 with alex-marker"
    )
    make_episode(athlete, days_ago=40, setting="training", fluid_intake="none", numbness=True, severity=8)
    make_episode(athlete, days_ago=89, setting="rest", muscle="quadriceps")
    make_episode(athlete, days_ago=95, setting="rest", notes="too-old-marker")  # before the 90 days
    make_episode(other_athlete, days_ago=1, muscle="feet", setting="training", notes="blair-marker")
    plan = assign(coach, athlete, [make_exercise("calf-raises", name="Calf raises")], start_days_ago=20, weeks=6)
    do_sessions(plan, 4)
    return {"cause": dehydration, "plan": plan}


def test_the_athletes_report_holds_their_90_days_and_nothing_of_anyone_else(athlete_client, story):
    article = report_article(athlete_client.get(reverse("athletes:report")))
    assert "Cramp report: Alex" in article
    assert "alex-marker" in article
    assert "Hamstrings (left)" in article
    assert "Quadriceps" in article
    assert "too-old-marker" not in article
    assert "blair-marker" not in article
    assert "Feet" not in article
    assert '3</span> <span class="figure-label">episodes in 90 days' in article
    assert "statins; Omeprazole" in article
    assert "Dehydration" in article  # little to drink before a cramp
    assert "Calf raises" in article
    assert "4 of " in article
    assert "Rowing" in article


def test_the_report_is_in_the_athletes_zone_for_the_coach_too(client, athlete, coach, story):
    athlete.time_zone = "Asia/Tokyo"
    athlete.save()
    when = timezone.now().replace(second=0, microsecond=0) - timedelta(days=1)
    CrampEpisode.objects.create(athlete=athlete, occurred_at=when, muscle="calves", severity=3, setting="night")
    in_tokyo = dateformat.format(timezone.localtime(when, insights.zone_of(athlete)), "D j M Y, H:i")
    in_utc = dateformat.format(timezone.localtime(when, UTC), "D j M Y, H:i")
    client.force_login(coach)  # the coach's own zone is UTC
    article = report_article(client.get(reverse("athletes:coach-report", args=[athlete.pk])))
    assert "Times in Asia/Tokyo" in article
    assert in_tokyo in article
    assert in_utc not in article


def test_the_coachs_report_is_the_same_report(client, coach, athlete, story):
    client.force_login(coach)
    article = report_article(client.get(reverse("athletes:coach-report", args=[athlete.pk])))
    assert "alex-marker" in article
    assert "blair-marker" not in article


def test_red_flags_show_with_their_reason(athlete_client, athlete, story):
    RedFlag.objects.create(slug="numbness", title="Numbness with cramps", guidance="See a GP.", urgency="soon")
    make_episode(athlete, days_ago=3, setting="training", numbness=True)
    article = report_article(athlete_client.get(reverse("athletes:report")))
    assert "Numbness with cramps" in article
    assert "Numbness logged on" in article


def test_an_athlete_with_nothing_logged_gets_a_report_that_says_so(athlete_client):
    article = report_article(athlete_client.get(reverse("athletes:report")))
    assert "No episodes logged in these 90 days." in article
    assert "None listed in the profile." in article
    assert "No prevention plan during these 90 days." in article


def test_weekly_bars_count_each_calendar_week_in_the_athletes_zone(athlete):
    athlete.time_zone = "Pacific/Honolulu"
    athlete.save()
    zone = insights.zone_of(athlete)
    today = insights.local_today(athlete)
    # 20:00 on last Sunday in Honolulu is Monday in UTC: it belongs to the Sunday's week.
    sunday = today - timedelta(days=today.weekday() + 1)
    when = datetime.combine(sunday, time(20, 0), tzinfo=zone)
    CrampEpisode.objects.create(athlete=athlete, occurred_at=when, muscle="calves", severity=3, setting="night")
    with insights.in_zone_of(athlete):
        report = insights.clinician_report(athlete)
    assert sum(bar.value for bar in report.weeks) == 1
    assert report.weeks[-2].value == 1  # last week
    assert report.weeks[-1].value == 0  # this week, which began on Monday
    assert report.weeks[-1].label == dateformat.format(today - timedelta(days=today.weekday()), "j M")


# Who may read it -------------------------------------------------------------------


@pytest.mark.parametrize("name", ATHLETE_URLS)
def test_anonymous_visitors_are_sent_to_log_in_for_the_report(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize("name", ATHLETE_URLS)
def test_coaches_have_no_report_of_their_own(coach_client, name):
    assert coach_client.get(reverse(name)).status_code == 404


@pytest.mark.parametrize("name", COACH_URLS)
@pytest.mark.parametrize("intruder", ["other_coach", "other_athlete", "athlete"])
def test_only_the_athletes_coach_reads_their_report(client, request, athlete, story, name, intruder):
    client.force_login(request.getfixturevalue(intruder))
    assert client.get(reverse(name, args=[athlete.pk])).status_code == 404


@pytest.mark.parametrize("name", COACH_URLS)
def test_a_coach_who_was_left_no_longer_reads_the_report(client, coach, athlete, story, name):
    athlete.coach_links.update(ended_at=timezone.now())
    client.force_login(coach)
    assert client.get(reverse(name, args=[athlete.pk])).status_code == 404


@pytest.mark.parametrize("name", COACH_URLS)
def test_anonymous_visitors_are_sent_to_log_in_for_an_athletes_report(client, athlete, name):
    response = client.get(reverse(name, args=[athlete.pk]))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_the_coachs_reading_is_in_the_security_log(client, coach, athlete, story, caplog):
    caplog.set_level("INFO", logger="cramps.security")
    client.force_login(coach)
    client.get(reverse("athletes:coach-report-pdf", args=[athlete.pk]))
    assert any(
        r.getMessage().startswith("coach-read-report user=casey") and f"athlete={athlete.pk}" in r.getMessage()
        for r in caplog.records
    )


# Print and PDF -----------------------------------------------------------------------


def test_the_page_prints_without_navigation(athlete_client, story):
    body = athlete_client.get(reverse("athletes:report")).content.decode()
    assert "css/report.css" in body
    assert 'class="report-toolbar d-print-none' in body
    css = pdf.static_file("css/report.css").read_text()
    print_rules = css.split("@media print", 1)[1]
    assert ".navbar" in print_rules
    assert "footer" in print_rules
    assert ".report-toolbar" in print_rules


def test_the_pdf_holds_the_athletes_report(athlete_client, story):
    response, html = get_pdf(athlete_client, reverse("athletes:report-pdf"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    assert "attachment" in response["Content-Disposition"]
    text = " ".join(pdf_text(html))
    assert "Cramp report: Alex" in text
    assert "alex-marker" in text
    assert "Hamstrings (left)" in text
    assert "Omeprazole" in text
    assert "Calf raises" in text
    assert "blair-marker" not in text


def test_the_coachs_pdf_holds_the_athletes_report(client, coach, athlete, story):
    client.force_login(coach)
    response, html = get_pdf(client, reverse("athletes:coach-report-pdf", args=[athlete.pk]))
    assert response.content.startswith(b"%PDF-")
    text = " ".join(pdf_text(html))
    assert "alex-marker" in text
    assert "blair-marker" not in text


def test_the_pdf_shades_the_body_map_from_inside_its_drawing(athlete_client, story):
    """WeasyPrint styles an inline SVG only from a <style> within it; the page never gets one (CSP)."""
    _, html = get_pdf(athlete_client, reverse("athletes:report-pdf"))
    assert html.count("<style>") == 2  # one per view of the body
    assert ".band-4 path" in html
    page = report_article(athlete_client.get(reverse("athletes:report")))
    assert "<style>" not in page


def test_the_pdf_fetches_nothing_from_the_network():
    html = (
        '<html><head><link rel="stylesheet" href="/static/css/report.css">'
        '<link rel="stylesheet" href="https://cdn.example.com/x.css"></head>'
        '<body><img src="https://example.com/pixel.png"><img src="file:///etc/hostname"><p>Hello</p></body></html>'
    )
    with mock.patch("urllib.request.OpenerDirector.open", side_effect=AssertionError("network")) as opened:
        made = pdf.html_to_pdf(html)
    assert made.startswith(b"%PDF-")
    opened.assert_not_called()


def test_the_fetcher_serves_static_files_and_refuses_every_other_address():
    fetcher = pdf.StaticFilesFetcher()
    css = fetcher(pdf.BASE_URL + "static/css/report.css")
    assert b".report" in css.read()
    for url in [
        "https://example.com/static/css/report.css",
        pdf.BASE_URL + "static/../cramps/settings.py",
        pdf.BASE_URL + "media/anything.png",
        "file:///etc/passwd",
    ]:
        with pytest.raises(ValueError, match="Only static files"):
            fetcher(url)


def test_a_long_90_days_fits_a_few_pages(athlete_client, athlete):
    make_episodes(athlete, 120, spread_days=88, setting="training", notes="a line of notes")
    response, html = get_pdf(athlete_client, reverse("athletes:report-pdf"))
    assert response.content.startswith(b"%PDF-")
    pages = pdf_text(html)
    assert 2 <= len(pages) <= 8
    assert all(f"{episode.severity}/10" in " ".join(pages) for episode in athlete.episodes.all()[:5])


# Queries ---------------------------------------------------------------------------


def test_the_report_reads_the_same_number_of_queries_for_ten_times_the_data(client, athlete, coach, story):
    client.force_login(athlete)
    url = reverse("athletes:report")
    before = count_queries(client, url)
    make_episodes(athlete, 30, spread_days=85, setting="training", numbness=True, suspected=[story["cause"]])
    story["plan"].is_active = False
    story["plan"].save()
    second = assign(coach, athlete, [make_exercise(), make_exercise()], habits=[make_strategy()], start_days_ago=5)
    do_sessions(second, 3)
    assert count_queries(client, url) == before


# Finding it ----------------------------------------------------------------------------


def test_insights_and_the_profile_lead_to_the_report_and_the_calendar(athlete_client):
    insights_page = athlete_client.get(reverse("athletes:insights")).content.decode()
    assert f'href="{reverse("athletes:report")}"' in insights_page
    profile_page = athlete_client.get(reverse("profile")).content.decode()
    assert f'href="{reverse("athletes:report")}"' in profile_page
    assert f'href="{reverse("athletes:plan-calendar")}"' in profile_page


def test_the_coachs_page_of_an_athlete_leads_to_their_report(client, coach, athlete, story):
    client.force_login(coach)
    body = client.get(reverse("athletes:coach-athlete", args=[athlete.pk])).content.decode()
    assert f'href="{reverse("athletes:coach-report", args=[athlete.pk])}"' in body
