"""Login throttling (django-axes): whose address a failure counts against, and what a locked-out
user sees."""
import ipaddress

from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.shortcuts import render


def client_ip(request):
    """The client's address, which django-axes pairs with the username (``AXES_CLIENT_IP_CALLABLE``).

    The connection's address (``REMOTE_ADDR``) — unless the connection comes from one of
    ``settings.TRUSTED_PROXIES``. Then X-Forwarded-For is read from the right, past every
    trusted proxy, and the first other address is the client's (as nginx's ``real_ip_recursive``
    does): what a client writes into the header itself stays left of the address its proxy
    appended, so nobody can pass for another address, and a request that does not come through
    a trusted proxy cannot use the header at all. An unreadable entry stops the walk at the
    proxy that forwarded it.

    django-ipware is not used: its trusted-proxy check looks at the addresses inside the
    header, never at the connection, so a client reaching the app directly could forge it.
    """
    remote = request.META.get("REMOTE_ADDR", "")
    address = _address(remote)
    if address is None or not _trusted(address):
        return remote
    for hop in reversed(request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")):
        forwarded = _address(hop.strip())
        if forwarded is None:
            break
        address = forwarded
        if not _trusted(forwarded):
            break
    return str(address)


def _address(text):
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return None
    return getattr(address, "ipv4_mapped", None) or address


def _trusted(address):
    return any(address.version == network.version and address in network for network in settings.TRUSTED_PROXIES)


def locked_out(request, credentials=None, *args, **kwargs):
    """The login page again, with a message saying why and for how long; HTTP 429."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(
        request,
        "registration/login.html",
        {"form": AuthenticationForm(request), "locked_out": True, "cooloff_minutes": minutes},
        status=429,
    )
