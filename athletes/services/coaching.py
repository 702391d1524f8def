"""Accepting a coach's invite and ending a link."""

from django.db import transaction
from django.utils import timezone

from ..models import (
    CoachInvite,
    CoachLink,
)


@transaction.atomic
def accept_invite(athlete, invite):
    """Link the athlete to the invite's coach, using the code up. Returns (link, created), or None
    if the code was used, withdrawn or expired meanwhile, or either account may not take part (staff,
    a library editor: User.is_athlete, User.is_coach).

    An athlete whom the coach already coaches keeps the code unused. The code is taken by one
    conditional update, so of two athletes accepting it at once only one is linked. Three queries.
    """
    if not (athlete.is_athlete and invite.coach.is_coach):
        return None
    link = CoachLink.objects.active().filter(coach_id=invite.coach_id, athlete=athlete).first()
    if link is not None:
        return link, False
    now = timezone.now()
    taken = CoachInvite.objects.filter(pk=invite.pk, used_at__isnull=True, expires_at__gt=now).update(
        used_by=athlete, used_at=now
    )
    if not taken:
        return None
    return CoachLink.objects.get_or_create(coach_id=invite.coach_id, athlete=athlete, ended_at=None)


def end_link(link):
    """Stop coaching: from now on the coach sees nothing of the athlete. One query."""
    CoachLink.objects.filter(pk=link.pk, ended_at__isnull=True).update(ended_at=timezone.now())
