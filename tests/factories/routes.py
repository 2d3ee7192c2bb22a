"""Every named route of a site with a concrete path, for the sweeps that try each route (isolation,
bad input). A route whose argument has no sample value fails, so a new route is never skipped."""

import re

from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse

# A sample value for each route argument, by its name: another school's object id must answer 404
# too. A route whose argument is missing here fails the test, so new routes are never skipped; an
# id-like argument ending in "pk" or "_id" gets 1.
SAMPLE_ARGUMENTS = {
    "code": "truonga",
    "token": "x",
    "direction": "len",
    "action": "ban-hanh",
    "fmt": "docx",
    "format": "json",
    "index": 0,
    "uidb64": "MQ",  # a password reset link: the account id, base64
    "uid": "00000000-0000-4000-8000-000000000000",
    "school_year": "2025-2026",
}


LITERAL_CHOICES_RE = re.compile(r"\(\?P<(?P<name>\w+)>(?P<choices>[\w\\.-]+(?:\|[\w\\.-]+)*)\)")


def sample_kwargs(pattern) -> dict:
    regex = pattern.pattern.regex
    # A route that lists its allowed values (re_path "(?P<action>them|bo)") is sampled with its first one.
    listed = {
        m["name"]: m["choices"].split("|")[0].replace("\\", "")
        for m in LITERAL_CHOICES_RE.finditer(regex.pattern)
        if not m["choices"].startswith("\\d")
    }
    kwargs = {}
    for name in regex.groupindex:
        if name in listed:
            kwargs[name] = listed[name]
        elif name in SAMPLE_ARGUMENTS:
            kwargs[name] = SAMPLE_ARGUMENTS[name]
        elif name.endswith("pk") or name.endswith("_id"):
            kwargs[name] = 1
        else:
            raise AssertionError(f"add a sample value for the route argument {name!r} to SAMPLE_ARGUMENTS")
    return kwargs


def site_routes(urlconf: str) -> dict[str, str]:
    """Every named route of a site (its URL configuration) with a concrete path, the first pattern of
    each name."""
    routes: dict[str, str] = {}

    def walk(patterns, prefix_patterns=(), namespace=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                ns = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                walk(pattern.url_patterns, (*prefix_patterns, pattern), ns)
            elif isinstance(pattern, URLPattern) and pattern.name:
                name = f"{namespace}{pattern.name}"
                if name in routes:
                    continue
                kwargs = {}
                for part in (*prefix_patterns, pattern):
                    kwargs.update(sample_kwargs(part))
                kwargs.pop("format", None)
                try:
                    routes[name] = reverse(name, urlconf=urlconf, kwargs=kwargs)
                except NoReverseMatch:
                    routes[name] = reverse(name, urlconf=urlconf, kwargs={**kwargs, "format": "json"})

    walk(get_resolver(urlconf).url_patterns)
    return routes
