"""Writes that change an athlete's dashboard figures mark them out of date (see insights.summary).

Receivers rather than calls in the views, so that every path counts: the views and services,
the admin, the demo data and the tests. Each one only names the athletes concerned.
"""

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from library.models import Cause, CrampMedicine

from .insights import summary
from .models import AthleteProfile, AthleteSummary, CrampEpisode, User

# Account fields the figures depend on: the zone their dates are read in, when the history begins.
ACCOUNT_FIELDS = {"time_zone", "date_joined", "role"}


@receiver(post_save, sender=CrampEpisode, dispatch_uid="summary-episode-saved")
@receiver(post_delete, sender=CrampEpisode, dispatch_uid="summary-episode-deleted")
def episode_changed(sender, instance, **kwargs):
    # An episode moved to another athlete (in the admin) changes the figures of the one it left too.
    summary.invalidate({instance.athlete_id, getattr(instance, "loaded_athlete_id", None)} - {None})


@receiver(m2m_changed, sender=CrampEpisode.suspected_causes.through, dispatch_uid="summary-suspicions")
def suspicions_changed(sender, instance, action, reverse, **kwargs):
    if not action.startswith("post_"):
        return
    if reverse:  # a cause's episodes changed: whose they are is not at hand
        summary.invalidate_all()
    else:
        summary.invalidate([instance.athlete_id])


@receiver(post_save, sender=AthleteProfile, dispatch_uid="summary-profile-saved")
def profile_saved(sender, instance, **kwargs):
    summary.invalidate([instance.user_id])


@receiver(post_save, sender=User, dispatch_uid="summary-account-saved")
def account_saved(sender, instance, created, update_fields=None, raw=False, **kwargs):
    if created:
        if instance.is_athlete and not raw:
            AthleteSummary.objects.get_or_create(athlete=instance)
    elif update_fields is None or ACCOUNT_FIELDS & set(update_fields):
        summary.invalidate([instance.pk])


@receiver(post_save, sender=CrampMedicine, dispatch_uid="summary-medicine-saved")
@receiver(post_delete, sender=CrampMedicine, dispatch_uid="summary-medicine-deleted")
def medicine_changed(sender, **kwargs):
    # The medicines flag reads the library's list in notes and profiles: every summary may change.
    summary.invalidate_all()


@receiver(post_save, sender=Cause, dispatch_uid="summary-cause-saved")
@receiver(post_delete, sender=Cause, dispatch_uid="summary-cause-deleted")
def cause_changed(sender, **kwargs):
    summary.invalidate_all()
