"""Login throttling: what a locked-out user sees (django-axes calls ``locked_out``)."""
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.shortcuts import render


def locked_out(request, credentials=None, *args, **kwargs):
    """The login page again, with a message saying why and for how long; HTTP 429."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(
        request,
        "registration/login.html",
        {"form": AuthenticationForm(request), "locked_out": True, "cooloff_minutes": minutes},
        status=429,
    )
