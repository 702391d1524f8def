from django.shortcuts import render


def render_confirm(request, *, title, message, button, cancel_url):
    """The page that asks before something is deleted or ended; its form POSTs back to the same URL."""
    return render(
        request,
        "athletes/confirm.html",
        {"title": title, "message": message, "button": button, "cancel_url": cancel_url},
    )
