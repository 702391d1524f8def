"""The demo athlete's weeks of check-ins give the day analysis something to show."""

import pytest
from django.core.management import call_command

from athletes.insights import day_analysis, in_zone_of, local_today
from athletes.models import DailyCheckIn, User

pytestmark = pytest.mark.django_db


def test_the_demo_athlete_has_weeks_of_checkins_with_a_trigger_to_find(settings):
    settings.DEBUG = True
    call_command("load_library", verbosity=0)
    call_command("seed_demo")
    alex = User.objects.get(username="athlete")
    checkins = alex.checkins.all()
    assert checkins.count() >= 28
    assert not checkins.filter(day=local_today(alex)).exists()  # today is left for the athlete
    with in_zone_of(alex):
        analysis = day_analysis(alex)
    clear = {result.factor.slug for result in analysis.clear}
    assert "heat" in clear
    assert "dehydration" in analysis.linked_causes()
    call_command("seed_demo")
    assert DailyCheckIn.objects.count() == checkins.count()  # loads once
