"""The isolation matrix: every route of both sites (from their URL configurations and from their OpenAPI
documents) × every kind of caller × the real ids of another school's objects.

School B holds one real row of every kind (plans, sections, tasks, staff, registrations, nominations,
dossiers, evidence, initiatives, self-assessments, notifications, invitations, movements, decisions and
their lines, clusters, …) whose texts carry MARKER, with ids no row of school A has; school A holds rows
of every kind too, so its own pages render with data. Then each caller asks every route, with B's ids:

- a member of A on A's host asking for B's ids: 404 (never 200 with B's data, never 500);
- anyone of A on B's host: refused (403/404, or 302 to the sign-in page);
- an anonymous visitor, a deactivated account: 302 to sign in, 401 or 403;
- office staff: only what their office's reach holds (B answers to another office);
- nobody but B's own people ever receives a page holding MARKER, and nothing answers 500.

B's principal on B's host is the control: the same probes must find MARKER, which proves the ids are
real. Probes run in-process through Django's test Client, one test per caller; a write probe runs in a
savepoint that is rolled back, so one probe never changes what the next one sees."""

import functools
import logging
import re
import sys
from collections import Counter
from dataclasses import dataclass, field

import pytest
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from drf_spectacular.generators import SchemaGenerator

from office.accounts.models import Role
from office.accounts.services import ensure_user, grant_office_role, grant_school_role
from office.authorities.models import Authority
from office.tokens.services import create_token
from tests.conftest import OFFICE_HOST
from tests.factories.comparison import lead
from tests.factories.foreign import fill_office_side, fill_school

MARKER = "Bí Mật Trường B"
HOME_TEXT = "Dữ liệu Trường A"
SCHOOL_URLCONF, OFFICE_URLCONF = "plans.urls", "office.urls"
MIN_PROBES = 1_500

# Routes that are the same for everybody and show nothing of a school's data (tests/office/test_isolation.py
# says why each is public), and the routes opened by a signed token instead of a session.
PUBLIC_ROUTES = {
    "accounts:login",
    "accounts:logout",
    "accounts:handoff",
    "accounts:password-reset",
    "accounts:password-reset-done",
    "accounts:password-reset-confirm",
    "accounts:password-reset-complete",
    "accounts:password-change",
    "accounts:open-school",
    "healthz",
    "objects-upload",
    "objects-download",
    "api-schema",
    "api-docs",
    "set_language",
    "api-me",
    "api-root",
    "invitation-enter-code",
    "invitation-accept",
    "calendar-feed",
    "home",
    "tokens:list",
    "tokens:create",
    "tokens:revoke",
    "tokens:api-list",
    "tokens:api-detail",
}
PUBLIC_API_PATHS = {"/api/v1/me/", "/api/v1/tokens/", "/api/v1/tokens/{uid}/"}

# Which object an id of a route stands for, by the literal segments before it (the longest suffix
# wins). A route whose id is not here fails the sweep: add its kind, so no route is skipped.
SCHOOL_KINDS = {
    "can-bo": "plans.Staff",
    "can-bo/loi-moi": "invitations.Invitation",
    "giai-doan": "plans.StaffStatusPeriod",
    "khen-thuong": "plans.AwardRecord",
    "ke-hoach": "plans.Plan",
    "ke-hoach/nhap": "imports.ImportJob",
    "nhap-tep": "imports.ImportJob",
    "muc": "plans.PlanSection",
    "cong-viec": "plans.PlanTask",
    "thong-bao": "plans.Notification",
    "dang-ky": "emulation.RegistrationCampaign",
    "phieu": "emulation.Registration",
    "binh-xet": "emulation.ReviewRound",
    "binh-xet/de-nghi": "emulation.ReviewCandidate",
    "minh-chung": "evidence.Evidence",
    "sang-kien": "initiatives.Initiative",
    "nguoi-cham": "initiatives.Review",
    "de-nghi": "nominations.Nomination",
    "de-nghi/cong-khai": "nominations.Posting",
    "ho-so": "nominations.Dossier",
    "guong-dien-hinh": "examples.Example",
    "phong-trao/van-ban": "movements.MovementDocument",
    "cum-thi-dua/dot": "clusters.ScoringRound",
    "cham-cheo": "clusters.ClusterSeat",
    # the accounts' pages, served on every host
    "nguoi-dung": "accounts.User",
    "vai-tro": "accounts.Membership",
    # the API
    "staff": "plans.Staff",
    "periods": "plans.StaffStatusPeriod",
    "awards": "plans.AwardRecord",
    "notifications": "plans.Notification",
    "plans": "plans.Plan",
    "sections": "plans.PlanSection",
    "tasks": "plans.PlanTask",
    "registration-campaigns": "emulation.RegistrationCampaign",
    "registrations": "emulation.Registration",
    "review-rounds": "emulation.ReviewRound",
    "candidates": "emulation.ReviewCandidate",
    "evidence": "evidence.Evidence",
    "initiatives": "initiatives.Initiative",
    "initiative-reviews": "initiatives.Review",
    "nominations": "nominations.Nomination",
    "dossiers": "nominations.Dossier",
    "movements": "movements.Movement",
    "self-assessments": "self_assessment.SelfAssessment",
    "import-jobs": "imports.ImportJob",
    "postings": "nominations.Posting",
    "objections": "nominations.Objection",
    "examples": "examples.Example",
}
OFFICE_KINDS = {
    "co-quan": "authorities.Authority",
    "phong-trao": "movements.Movement",
    "phong-trao/van-ban": "movements.MovementDocument",
    "tham-dinh": "submissions.Submission",
    "tham-dinh/minh-chung": "evidence.Evidence",
    "quyet-dinh": "decisions.Decision",
    "quyet-dinh/dong": "decisions.DecisionLine",
    "han-nop": "facts.OfficeDeadline",
    "cum-thi-dua": "clusters.Cluster",
    "cum-thi-dua/truong": "clusters.ClusterSeat",
    "cum-thi-dua/tieu-chi": "clusters.Rubric",
    "cum-thi-dua/dot": "clusters.ScoringRound",
    "dot/minh-chung": "clusters.ClusterScore",
    "loi-moi": "invitations.Invitation",
    "nguoi-dung": "accounts.User",
    "vai-tro": "accounts.Membership",
    # the API
    "movements": "movements.Movement",
    "submissions": "submissions.Submission",
    "decisions": "decisions.Decision",
    "clusters": "clusters.Cluster",
    "clusters/rubrics": "clusters.Rubric",
    "clusters/rounds": "clusters.ScoringRound",
}
# Arguments that are no object id: a sample value (an unknown token must answer as any bad one).
SAMPLES = {"token": "x", "uidb64": "MQ", "index": "0", "action": "ban-hanh", "school_year": "2025-2026"}


@dataclass(frozen=True)
class Route:
    site: str  # "school" or "office"
    name: str
    template: str  # "/ke-hoach/{pk}/muc/{section_pk}/sua/"
    methods: tuple[str, ...]
    public: bool

    def params(self) -> list[str]:
        return re.findall(r"{(\w+)}", self.template)


LISTED_GROUP_RE = re.compile(r"\(\?P<(\w+)>([\w\\.-]+(?:\|[\w\\.-]+)*)\)")
GROUP_RE = re.compile(r"\(\?P<(\w+)>[^)]*\)")
CONVERTER_RE = re.compile(r"<(?:\w+:)?(\w+)>")


def _template(pattern_text: str) -> str:
    text = LISTED_GROUP_RE.sub(lambda m: m[2].split("|")[0].replace("\\", ""), pattern_text)
    text = GROUP_RE.sub(lambda m: "{" + m[1] + "}", text)
    text = CONVERTER_RE.sub(lambda m: "{" + m[1] + "}", text)
    return "/" + text.replace("^", "").replace("$", "").replace("\\.", ".")


def url_routes(urlconf: str, site: str) -> list[Route]:
    """Every named route of a URL configuration, first pattern of each name, without the API's
    format-suffix twins; probed with GET and POST."""
    routes: dict[str, Route] = {}

    def walk(patterns, prefix="", namespace=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                ns = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                walk(pattern.url_patterns, prefix + str(pattern.pattern), ns)
            elif isinstance(pattern, URLPattern) and pattern.name:
                text = prefix + str(pattern.pattern)
                name = f"{namespace}{pattern.name}"
                if "format>" in text or "drf_format_suffix" in text or name in routes:
                    continue
                routes[name] = Route(site, name, _template(text), ("get", "post"), name in PUBLIC_ROUTES)

    walk(get_resolver(urlconf).url_patterns)
    return list(routes.values())


def openapi_routes(urlconf: str, site: str) -> list[Route]:
    """Every path and method of the host's OpenAPI document, made in-process as /api/schema/ makes it."""
    document = SchemaGenerator(urlconf=urlconf).get_schema(request=None, public=True)
    return [
        Route(
            site,
            f"openapi {path}",
            path,
            tuple(sorted(m for m in item if m != "parameters")),
            path in PUBLIC_API_PATHS,
        )
        for path, item in document["paths"].items()
    ]


def kind_of(route: Route, param: str) -> str | None:
    before = route.template.split("{" + param + "}")[0]
    literals = [s for s in before.split("/") if s and "{" not in s and s not in ("api", "v1")]
    table = SCHOOL_KINDS if route.site == "school" else OFFICE_KINDS
    for size in range(len(literals), 0, -1):
        kind = table.get("/".join(literals[-size:]))
        if kind:
            return kind
    return None


def is_id(param: str) -> bool:
    return param in ("id", "pk", "uid", "code", "cluster_id") or param.endswith(("_pk", "_id"))


@dataclass
class Foreign:
    """School B's rows by model label, and the values its routes' arguments take."""

    ids: dict[str, object]
    school_code: str
    authority_code: str
    token_uid: str

    def value(self, route: Route, param: str) -> str:
        if param in SAMPLES:
            return SAMPLES[param]
        if param == "uid":
            return self.token_uid
        if param == "code":
            authority = route.template.startswith("/api/v1/authorities/")
            return self.authority_code if authority else self.school_code
        kind = kind_of(route, param)
        assert kind is not None, (
            f"{route.name}: which object is {{{param}}} in {route.template}? add it to the KINDS"
        )
        assert kind in self.ids, f"{route.name}: school B has no {kind} row (tests/factories/foreign.py)"
        return str(self.ids[kind])

    def path(self, route: Route) -> str:
        return route.template.format(**{p: self.value(route, p) for p in route.params()})


@dataclass(frozen=True)
class Caller:
    name: str
    username: str | None  # None: anonymous
    kind: str  # "member" (of A), "foreign-member" (B's principal), "office", "leader", "anonymous",
    # "inactive", "forced-change", "token"


@dataclass
class Probe:
    route: Route
    host: str  # "home" (A), "foreign" (B), "office"
    method: str
    path: str
    foreign_id: bool


@dataclass
class Tally:
    probes: int = 0
    statuses: Counter = field(default_factory=Counter)
    marker_seen: int = 0
    failures: list[str] = field(default_factory=list)


def site_routes(urlconf: str, site: str) -> list[Route]:
    """The OpenAPI document's operations, and every route of the URL configuration it does not
    describe (the pages, and any API route left out of the document)."""
    documented = openapi_routes(urlconf, site)
    shape = {re.sub(r"{\w+}", "{}", route.template) for route in documented}
    pages = [r for r in url_routes(urlconf, site) if re.sub(r"{\w+}", "{}", r.template) not in shape]
    return pages + documented


@functools.cache
def all_routes() -> dict[str, list[Route]]:
    """Made once, when the first test asks (not while the whole suite is being collected)."""
    return {"school": site_routes(SCHOOL_URLCONF, "school"), "office": site_routes(OFFICE_URLCONF, "office")}


CALLERS = [
    Caller("anonymous", None, "anonymous"),
    Caller("teacher of A", "giaovien.a", "teacher"),
    Caller("council secretary of A", "thuky.a", "member"),
    Caller("vice principal of A", "phohieutruong.a", "member"),
    Caller("principal of A", "hieutruong.a", "principal"),
    Caller("principal of B", "hieutruong.b", "foreign-member"),
    Caller("office specialist", "chuyenvien", "specialist"),
    Caller("office head", "lanhdaophong", "office"),
    Caller("cluster leader", "hieutruong.a", "leader"),
    Caller("token of A", "hieutruong.a", "token"),
    Caller("deactivated teacher of A", "ngungviec.a", "inactive"),
    Caller("teacher of A who must change password", "doimatkhau.a", "forced-change"),
]


@pytest.fixture
def matrix(world):
    """The extra people of school A and the office, and every kind of row in both schools."""
    people = {
        "thuky.a": ("Phan Thu Ký", world.school_a, Role.COUNCIL_SECRETARY),
        "phohieutruong.a": ("Vũ Phó Hiệu", world.school_a, Role.VICE_PRINCIPAL),
        "ngungviec.a": ("Đinh Ngừng Việc", world.school_a, Role.STAFF),
        "doimatkhau.a": ("Tạ Đổi Mật", world.school_a, Role.STAFF),
    }
    for username, (full_name, school, role) in people.items():
        grant_school_role(
            ensure_user(username=username, full_name=full_name, password="x-Mat-khau-2026"), school, role
        )
    head = ensure_user(username="lanhdaophong", full_name="Lý Lãnh Đạo", password="x-Mat-khau-2026")
    grant_office_role(head, world.office, Role.OFFICE_HEAD)
    inactive = type(head).objects.get(username="ngungviec.a")
    inactive.is_active = False
    inactive.save(update_fields=["is_active"])
    type(head).objects.filter(username="doimatkhau.a").update(must_change_password=True)

    home_rows = fill_school(world.school_a, user=world.principal_a, marker=HOME_TEXT)
    fill_office_side(
        world.school_a, world.office, user=world.principal_a, marker=HOME_TEXT, school_rows=home_rows
    )
    from office.clusters.models import Cluster

    lead(world.principal_a, Cluster.objects.get(authority=world.office))

    school_rows = fill_school(world.school_b, user=world.principal_b, marker=MARKER, foreign=True)
    office_rows = fill_office_side(
        world.school_b, world.other_office, user=world.principal_b, marker=MARKER, school_rows=school_rows
    )
    ids = {f"{m._meta.app_label}.{m.__name__}": row.pk for m, row in {**school_rows, **office_rows}.items()}
    from office.accounts.models import Membership

    ids["accounts.User"] = world.principal_b.pk
    ids["accounts.Membership"] = Membership.objects.filter(user=world.principal_b).first().pk
    ids["authorities.Authority"] = world.other_office.pk
    token_b, _ = create_token(world.principal_b, label="Khóa của trường B")
    _, secret_a = create_token(world.principal_a, label="Khóa của trường A")
    foreign = Foreign(ids, world.school_b.code, world.other_office.code, str(token_b.uid))
    return world, foreign, secret_a


def host_name(world, host: str) -> str:
    return {"home": world.school_a.host, "foreign": world.school_b.host, "office": OFFICE_HOST}[host]


# Where each kind of caller is tried: its own host, where B's ids are unknown rows, and the hosts that
# are not its own, where it must be refused. A token opens the API only, so only API routes try it.
HOSTS = {
    "anonymous": {"foreign": "get", "office": "get"},
    "inactive": {"home": "get"},
    "forced-change": {"home": "get"},
    "member": {"home": "all"},
    "teacher": {"home": "all", "foreign": "get"},
    "principal": {"home": "all", "foreign": "get", "office": "get"},
    "foreign-member": {"foreign": "all", "home": "get"},
    "office": {"office": "all"},
    "specialist": {"office": "all", "foreign": "get"},
    "leader": {"office": "all"},
    "token": {"home": "all", "foreign": "get"},
}


def probes_for(caller: Caller, foreign: Foreign) -> list[Probe]:
    """GET for every route of each host the caller is tried on; on its own host also the writes (POST,
    and the API's other methods) that aim at one of B's objects. A write that names no object is
    refused or validated like its GET, and a caller refused by the door is refused for every method."""
    found = []
    for host, scope in HOSTS[caller.kind].items():
        for route in all_routes()["office" if host == "office" else "school"]:
            if caller.kind == "token" and not route.template.startswith("/api/"):
                continue
            foreign_id = any(is_id(p) for p in route.params())
            path = foreign.path(route)
            for method in route.methods:
                if method == "get" or (scope == "all" and foreign_id):
                    found.append(Probe(route, host, method, path, foreign_id))
    return found


def signed_in(caller: Caller, world, host: str) -> Client:
    client = Client(HTTP_HOST=host_name(world, host), raise_request_exception=True)
    if caller.username and caller.kind != "token":
        from office.accounts.models import User

        client.force_login(User.objects.get(username=caller.username))
    return client


def to_sign_in(response) -> bool:
    return response.status_code == 302 and "/tai-khoan/dang-nhap/" in response.get("Location", "")


def allowed(caller: Caller, probe: Probe, response) -> bool:
    """Whether the answer is one this caller may get for this probe (a 500 and MARKER are judged apart)."""
    status = response.status_code
    if probe.route.public:
        return True
    if caller.kind in ("anonymous", "inactive"):
        return status in (401, 403, 405) or to_sign_in(response) or (status == 404 and probe.host == "office")
    if caller.kind == "forced-change":
        to_change = status == 302 and "/tai-khoan/doi-mat-khau/" in response.get("Location", "")
        return to_change or status in (401, 403, 404, 405)
    if caller.kind == "token":
        if probe.host == "home":
            return not probe.foreign_id or status in (400, 401, 403, 404, 405)
        return status in (401, 403, 404, 405)
    if caller.kind == "foreign-member":
        return probe.host == "foreign" or status in (403, 404, 405) or to_sign_in(response)
    home = "office" if caller.kind in ("office", "specialist", "leader") else "home"
    if probe.host == "office" and not probe.foreign_id:
        # Lists on the office's host answer whom they may (a cluster's leader sees the clusters it
        # leads): what they show is judged by MARKER.
        return True
    if probe.host != home:
        return status in (403, 404, 405) or to_sign_in(response)
    if not probe.foreign_id:
        return True
    # On its own host B's ids are rows that do not exist: 404, or the role's refusal (403), the body's
    # (400) or a form's redirect back (302) before anything is looked up; nothing of B either way
    # (MARKER is checked apart).
    return status in (302, 400, 403, 404, 405)


@pytest.fixture
def quiet_request_log():
    """Thousands of expected 403/404 warnings would bury the summary; errors still show."""
    logger = logging.getLogger("django.request")
    level = logger.level
    logger.setLevel(logging.ERROR)
    yield
    logger.setLevel(level)


def run(caller: Caller, world, foreign: Foreign, secret_a: str) -> Tally:
    tally = Tally()
    clients = {}
    headers = {"HTTP_AUTHORIZATION": f"Token {secret_a}"} if caller.kind == "token" else {}
    for probe in probes_for(caller, foreign):
        client = clients.get(probe.host) or clients.setdefault(
            probe.host, signed_in(caller, world, probe.host)
        )
        where = f"{caller.name}: {probe.method.upper()} {host_name(world, probe.host)}{probe.path} ({probe.route.name})"
        try:
            with transaction.atomic():
                response = getattr(client, probe.method)(
                    probe.path, content_type="application/json", **headers
                )
                transaction.set_rollback(True)
        except Exception as exc:  # a 500: recorded with its cause, the sweep goes on
            tally.failures.append(f"{where} → 500 {type(exc).__name__}: {exc}"[:400])
            tally.probes += 1
            continue
        tally.probes += 1
        tally.statuses[response.status_code] += 1
        body = b"".join(response) if response.streaming else response.content
        holds_marker = MARKER.encode() in body
        tally.marker_seen += holds_marker
        if probe.route.name == "accounts:logout":  # signed out: sign in again for the next probes
            clients[probe.host] = signed_in(caller, world, probe.host)
        if response.status_code >= 500:
            tally.failures.append(f"{where} → {response.status_code}")
        elif holds_marker and caller.kind != "foreign-member":
            tally.failures.append(f"{where} → {response.status_code} WITH SCHOOL B'S DATA")
        elif not allowed(caller, probe, response):
            tally.failures.append(f"{where} → {response.status_code} {response.get('Location', '')}")
    return tally


@pytest.mark.parametrize("caller", CALLERS, ids=[c.name for c in CALLERS])
def test_no_caller_reaches_another_schools_objects(matrix, quiet_request_log, suite_count, caller):
    world, foreign, secret_a = matrix
    tally = run(caller, world, foreign, secret_a)
    suite_count("isolation matrix: probes sent", tally.probes)
    suite_count("isolation matrix: failing probes", len(tally.failures))
    summary = f"{caller.name}: {tally.probes} probes, answers {dict(sorted(tally.statuses.items()))}"
    print(summary, file=sys.stderr)
    assert not tally.failures, f"{summary}\n{len(tally.failures)} failing probes:\n" + "\n".join(
        tally.failures
    )
    if caller.kind == "foreign-member":
        # The control: B's own principal finds B's rows by the same ids, so the ids are real.
        assert tally.marker_seen >= 60, f"{summary}: B's data was found only {tally.marker_seen} times"


def test_the_matrix_has_at_least_1500_probes(matrix, suite_count):
    """Counted before they run, so the number holds whichever callers a run selects."""
    _, foreign, _ = matrix
    counts = {caller.name: len(probes_for(caller, foreign)) for caller in CALLERS}
    total = sum(counts.values())
    routes = {site: len(routes) for site, routes in all_routes().items()}
    print(
        f"isolation matrix: {total} probes over {routes} routes and {len(CALLERS)} callers: {counts}",
        file=sys.stderr,
    )
    suite_count("isolation matrix: probes planned", total)
    assert total >= MIN_PROBES, f"only {total} probes: {counts}"


def test_every_id_of_every_route_stands_for_a_real_row_of_school_b(matrix):
    _, foreign, _ = matrix
    for routes in all_routes().values():
        for route in routes:
            foreign.path(route)  # fails naming the route whose id has no kind or no row
    assert Authority.objects.filter(code=foreign.authority_code).exists()
