from tenants.models import Domain, School


def school_url(school: School, request, path: str = "/") -> str:
    """The address of `school` as seen from the current request: same scheme and port, school's host."""
    host = request.get_host()
    port = f":{host.rsplit(':', 1)[1]}" if ":" in host else ""
    return f"{request.scheme}://{school.host}{port}{path}"


def school_schemas() -> list[tuple[int, str]]:
    """(id, schema name) of every school, for jobs that fan out one task per school."""
    return list(School.objects.order_by("pk").values_list("pk", "schema_name"))


def school_by_id(pk: int) -> School:
    return School.objects.get(pk=pk)


def is_school_host(hostname: str) -> bool:
    """Whether `hostname` (no port) is the domain of an existing school."""
    return Domain.objects.filter(domain=hostname).exists()
