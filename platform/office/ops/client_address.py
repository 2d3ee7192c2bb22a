"""The address of the person at the other end of a request, as one rule for the request log and for
counting failed sign-ins (django-axes, AXES_CLIENT_IP_CALLABLE).

Behind the reverse proxy (deploy/caddy/Caddyfile) every request comes from the proxy's own address;
Caddy (2.5 and later, with no `trusted_proxies` of its own) throws away any X-Forwarded-For the client
sent and writes the address it was connected from. So the header is believed only on a request whose
peer is one of TRUSTED_PROXIES; from anywhere else it is the client's own words and is ignored, or a
client could choose the address its failed sign-ins are counted against."""

import ipaddress
from functools import lru_cache

from django.conf import settings


@lru_cache(maxsize=8)
def _networks(spec: tuple[str, ...]):
    return tuple(ipaddress.ip_network(item, strict=False) for item in spec)


def _address(text: str):
    try:
        return ipaddress.ip_address(text.strip())
    except ValueError:
        return None


def _is_trusted(address) -> bool:
    return any(address in network for network in _networks(tuple(settings.TRUSTED_PROXIES)))


def client_address(request) -> str | None:
    """The client's IP address: the peer, or, when the peer is a trusted proxy, the nearest address
    in X-Forwarded-For that is not one of our proxies (read from the right: what the proxy wrote)."""
    peer = _address(request.META.get("REMOTE_ADDR", ""))
    if peer is None:
        return None
    if not _is_trusted(peer):
        return str(peer)
    hops = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
    for hop in reversed(hops):
        address = _address(hop)
        if address is None:
            # A malformed entry: nothing to its left can be told apart from the client's own words.
            break
        if not _is_trusted(address):
            return str(address)
    return str(peer)
