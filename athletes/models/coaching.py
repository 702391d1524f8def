"""Coaches and their athletes: invites, links, the flags a coach has seen, and the dashboard's summary row."""

import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from cramps.input import moment_in_range, validate_sane_date

from .accounts import User

INVITE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I look-alikes


def new_invite_code():
    return "".join(secrets.choice(INVITE_ALPHABET) for _ in range(8))


def invite_expiry():
    return timezone.now() + timedelta(hours=settings.INVITE_LIFETIME_HOURS)


class InviteQuerySet(models.QuerySet):
    def open(self):
        """Codes an athlete can still use: not used and not expired."""
        return self.filter(used_at__isnull=True, expires_at__gt=timezone.now())


class CoachInvite(models.Model):
    """A code a coach shares; the one athlete who enters it and accepts becomes linked.

    A code works once (`used_at` says when it was used, `used_by` by whom) and for
    INVITE_LIFETIME_HOURS; the coach withdraws an open one by deleting it.
    """

    coach = models.ForeignKey(User, on_delete=models.CASCADE, related_name="invites")
    code = models.CharField(max_length=8, unique=True, default=new_invite_code)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(default=invite_expiry, validators=[validate_sane_date])
    used_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    used_at = models.DateTimeField(null=True, blank=True, validators=[validate_sane_date])

    objects = InviteQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=moment_in_range("expires_at"), name="invite_expires_2000_2100"),
            models.CheckConstraint(condition=moment_in_range("used_at", null=True), name="invite_used_2000_2100"),
            # The athlete's account may go (used_by empties); the code stays used.
            models.CheckConstraint(
                condition=Q(used_by__isnull=True) | Q(used_at__isnull=False), name="invite_used_by_has_used_at"
            ),
        ]

    def __str__(self):
        return f"Invite {self.code} from {self.coach}"

    @property
    def is_expired(self):
        return self.expires_at <= timezone.now()

    @property
    def is_used(self):
        return self.used_at is not None


class ActiveLinkQuerySet(models.QuerySet):
    def active(self):
        return self.filter(ended_at__isnull=True)


def end_links_of_deleted_coach(collector, field, sub_objs, using):
    """on_delete for CoachLink.coach: a deleted coach's links stay, with their dates, in the athlete's
    record; one still active ends now. The end is written first: a link without a coach has ended."""
    collector.add_field_update(
        CoachLink._meta.get_field("ended_at"), timezone.now(), sub_objs.filter(ended_at__isnull=True)
    )
    collector.add_field_update(field, None, sub_objs)


end_links_of_deleted_coach.lazy_sub_objs = True  # two updates, no rows read


class CoachLink(models.Model):
    """An athlete's consent to be coached. Ending it (either side) hides the athlete from the coach.

    `coach` is empty once the coach has deleted their account: the athlete keeps the record.
    """

    coach = models.ForeignKey(User, on_delete=end_links_of_deleted_coach, null=True, related_name="athlete_links")
    athlete = models.ForeignKey(User, on_delete=models.CASCADE, related_name="coach_links")
    created_at = models.DateTimeField(auto_now_add=True)
    ended_at = models.DateTimeField(null=True, blank=True, validators=[validate_sane_date])

    objects = ActiveLinkQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["coach", "athlete"], condition=Q(ended_at__isnull=True), name="coach_link_active_unique"
            ),
            models.CheckConstraint(condition=~Q(coach=models.F("athlete")), name="coach_link_not_self"),
            models.CheckConstraint(condition=moment_in_range("ended_at", null=True), name="coach_link_ended_2000_2100"),
            models.CheckConstraint(
                condition=Q(coach__isnull=False) | Q(ended_at__isnull=False), name="coach_link_without_coach_ended"
            ),
        ]

    def __str__(self):
        return f"{self.coach or 'A deleted coach'} coaches {self.athlete}"


class FlagAcknowledgement(models.Model):
    """The athlete or their coach has seen a red flag, once per acknowledgement (the history is kept).

    The latest acknowledgement of a flag holds until an episode logged after it raises the flag again.
    """

    athlete = models.ForeignKey(User, on_delete=models.CASCADE, related_name="flag_acknowledgements")
    slug = models.SlugField(max_length=60)
    acknowledged_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    acknowledged_at = models.DateTimeField(default=timezone.now, validators=[validate_sane_date])

    class Meta:
        ordering = ["-acknowledged_at", "-pk"]
        indexes = [models.Index(fields=["athlete", "slug", "acknowledged_at"], name="acknowledgement_lookup")]
        constraints = [
            models.CheckConstraint(condition=moment_in_range("acknowledged_at"), name="acknowledgement_at_2000_2100"),
        ]

    def __str__(self):
        return f"{self.slug} acknowledged for {self.athlete}"


class AthleteSummary(models.Model):
    """The coach dashboard's figures from one athlete's episodes, kept so that a dashboard reads one row each.

    `insights.summary` is the one place that works them out. A write to what they come from (an
    episode, its suspected causes, the athlete's profile or account) bumps `version`; the figures
    hold while `computed_version` equals it and the clock is before `valid_until`, the first moment
    an episode crosses the edge of a window.
    """

    athlete = models.OneToOneField(User, on_delete=models.CASCADE, primary_key=True, related_name="summary")
    version = models.PositiveIntegerField(default=0)
    computed_version = models.PositiveIntegerField(null=True, blank=True)  # None: never worked out
    computed_at = models.DateTimeField(null=True, blank=True)
    valid_until = models.DateTimeField(null=True, blank=True)  # None: nothing changes with time alone
    last_7 = models.PositiveIntegerField(default=0)
    last_28 = models.PositiveIntegerField(default=0)
    previous_28 = models.PositiveIntegerField(default=0)
    last_episode_at = models.DateTimeField(null=True, blank=True)
    # [[cause slug, episodes of the last 28 days that point to it]]
    cause_counts = models.JSONField(default=list, blank=True)
    # [[flag slug, {language code: reason}, raised by an episode of the last 48 hours,
    #   when the newest such episode was logged]]
    flag_reasons = models.JSONField(default=list, blank=True)

    class Meta:
        verbose_name_plural = "athlete summaries"

    def __str__(self):
        return f"Summary of {self.athlete_id}"


# Report share links ----------------------------------------------------------
