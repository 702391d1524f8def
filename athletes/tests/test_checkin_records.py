"""Check-ins leave with the athlete's data, and in the admin only a superuser sees them."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse

from athletes.export import everything
from athletes.insights import local_today
from athletes.models import DailyCheckIn

pytestmark = pytest.mark.django_db


def test_the_export_holds_every_checkin_without_its_key(athlete, other_athlete):
    today = local_today(athlete)
    DailyCheckIn.objects.create(
        athlete=athlete, day=today - timedelta(days=1), cramped=True, sleep_hours=Decimal("5.5"), fluids="low"
    )
    DailyCheckIn.objects.create(athlete=athlete, day=today, cramped=False, hot_conditions=True)
    DailyCheckIn.objects.create(athlete=other_athlete, day=today, cramped=True)
    checkins = everything(athlete)["checkins"]
    assert [(c["day"], c["cramped"]) for c in checkins] == [(today - timedelta(days=1), True), (today, False)]
    assert checkins[0]["sleep_hours"] == Decimal("5.5")
    assert checkins[1]["hot_conditions"] is True
    assert "idempotency_key" not in checkins[0]


def test_only_a_superuser_sees_checkins_in_the_admin(client, athlete, staff, superuser):
    DailyCheckIn.objects.create(athlete=athlete, day=local_today(athlete), cramped=False)
    url = reverse("admin:athletes_dailycheckin_changelist")
    client.force_login(staff)
    assert client.get(url).status_code in (302, 403, 404)
    client.force_login(superuser)
    response = client.get(url)
    assert response.status_code == 200
    assert athlete.username in response.content.decode()
