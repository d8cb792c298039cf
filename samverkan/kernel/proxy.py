"""Behind a reverse proxy: which client address and scheme to believe.

Only a proxy named in ``SAMVERKAN_TRUSTED_PROXY`` may say, with ``X-Forwarded-For`` and
``X-Forwarded-Proto``, who the client is and whether it came over HTTPS; without it those headers
are ignored, so a client cannot pick its own rate-limit bucket or pretend to use HTTPS.
"""

from typing import Any

from django.conf import settings
from django.http import HttpRequest

FORWARDED_HEADERS = frozenset({"x-forwarded-for", "x-forwarded-proto", "x-forwarded-host"})


def client_ip(request: HttpRequest) -> str:
    """The rate limits' client address: the proxy's last ``X-Forwarded-For`` entry when the
    request comes from the trusted proxy (gunicorn and the like), otherwise the peer (Waitress
    has already put the forwarded client there)."""
    peer = request.META.get("REMOTE_ADDR", "")
    trusted = settings.SAMVERKAN_TRUSTED_PROXY
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if trusted and forwarded and trusted in {"*", peer}:
        return forwarded.split(",")[-1].strip() or peer
    return peer


def waitress_options() -> dict[str, Any]:
    """Waitress believes the forwarded headers only from the configured proxy."""
    trusted = settings.SAMVERKAN_TRUSTED_PROXY
    if not trusted:
        return {"clear_untrusted_proxy_headers": True}
    return {
        "trusted_proxy": trusted,
        "trusted_proxy_headers": set(FORWARDED_HEADERS),
        "clear_untrusted_proxy_headers": True,
    }
