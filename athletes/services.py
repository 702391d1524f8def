"""Writes that span several rows or must hold under concurrency."""

from django.db import transaction

from .models import CrampEpisode


@transaction.atomic
def log_quick_episode(athlete, *, muscle, severity, idempotency_key):
    """Save an episode from muscle and severity alone, once per key.

    Returns (episode, created). A second call with the same key, a double tap
    or a re-sent form, returns the first episode; the unique constraint on
    (athlete, idempotency_key) makes that hold for concurrent requests too.
    Two queries at most.
    """
    return CrampEpisode.objects.get_or_create(
        athlete=athlete,
        idempotency_key=idempotency_key,
        defaults={"muscle": muscle, "severity": severity},
    )
