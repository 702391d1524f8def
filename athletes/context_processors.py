from .forms import QuickLogForm


def quick_log(request):
    """A fresh quick-log form (with a new idempotency key) for every page an athlete sees. No queries."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated and user.is_athlete:
        return {"quick_form": QuickLogForm()}
    return {}
