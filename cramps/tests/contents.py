"""What a database holds, as JSON, to compare a restored database with the one it came from."""

from athletes.models import CrampEpisode, User
from cramps.backups import backed_up_models


def database_contents():
    """Rows per model, and the ids and names behind users, groups and episodes."""
    return {
        "counts": {model._meta.label: model._default_manager.count() for model in backed_up_models()},
        "users": sorted(User.objects.values_list("pk", "username", "is_superuser")),
        "groups": sorted(User.objects.filter(groups__isnull=False).values_list("username", "groups__name")),
        "episodes": sorted(CrampEpisode.objects.values_list("pk", "athlete__username", "notes")),
    }
