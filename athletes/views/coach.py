from django.shortcuts import render
from django.views.decorators.http import require_GET

from ..decorators import coach_required


@coach_required
@require_GET
def dashboard(request):
    return render(request, "athletes/dashboard.html", {})
