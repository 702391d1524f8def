from django.shortcuts import render


def render_confirm(request, *, title, message, button, cancel_url, form=None):
    """The page that asks before something is deleted or ended; its form POSTs back to the same URL.

    `form`, if given, adds its fields (a reason, say) above the button.
    """
    return render(
        request,
        "athletes/confirm.html",
        {"title": title, "message": message, "button": button, "cancel_url": cancel_url, "form": form},
    )
