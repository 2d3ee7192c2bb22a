"""Whole writes: every public function of every services module that writes more than one row does
so in one transaction, and sends its Celery tasks only once that transaction commits.

A static reading (ast) of the code, not a run: it finds every service, including those no test
calls. A function counts as writing when it calls a query that writes (save, create, update, delete,
...), a writing helper (record_event, notify, ...) or another function of the code base that writes;
a write inside a loop counts as many. A function is whole when it is decorated with
transaction.atomic, or when all its writes are inside one `with transaction.atomic()` block."""

import ast
from dataclasses import dataclass, field
from pathlib import Path

REPO_DIR = Path(__file__).resolve().parents[1]
# Where imported modules are found: the school parts and tenants from the root, the office from platform/.
SOURCE_ROOTS = (REPO_DIR, REPO_DIR / "platform")
SERVICE_FOLDERS = ("plans", "platform/office")

# Methods whose call writes rows. `update` also names dict.update: it counts only on a query
# (a call chain such as .filter(...).update(...) or Model.objects.update(...)).
WRITE_METHODS = {
    "save",
    "create",
    "bulk_create",
    "bulk_update",
    "delete",
    "get_or_create",
    "update_or_create",
}
# Sending a Celery task: never straight from a service, only from a transaction.on_commit callback.
TASK_METHODS = {"delay", "apply_async", "send_task"}

# Public service functions that write more than once without a transaction of their own, on purpose.
# Each with the reason; anything else the check finds is a missing transaction.
DELIBERATELY_NOT_ATOMIC = {
    # Batches whose items are each their own whole transaction (the item's service is atomic): one
    # refused item is listed with its reason and must not undo or stop the others (BatchResult).
    "plans.initiatives.services.assign_reviewer_to_all",
    "office.submissions.services.batch_review",
    # The uploaded object is streamed back from object storage outside any transaction (a large file
    # must not hold a transaction open); then either the rejection (one transaction, which raises)
    # or the verification (one transaction) is written, never both.
    "plans.evidence.services.complete_upload",
    "office.movements.services.complete_document_upload",
    # Beat's answer to an upload left pending: the same verification as above when its object arrived,
    # else one transaction marking it abandoned.
    "plans.evidence.services.finish_pending_upload",
    "office.movements.services.finish_pending_document",
    # Beat's sweeps over those: each upload settled on its own, so that storage failing half-way leaves
    # the ones already settled settled and the rest pending for the next run.
    "plans.evidence.services.sweep_pending_uploads",
    "office.movements.services.sweep_pending_documents",
    # An import job claims its job (one transaction, committed so that its page shows it running),
    # reads the file outside any transaction (a read of up to a minute must not hold one open, and
    # its progress must show), then ends the job in one transaction, with the import's own rows when
    # it writes any, or refuses it (one statement).
    "plans.imports.services.run_import_job",
    # Beat's sweep of import jobs refuses and deletes in one transaction, then sends again each job whose
    # task never reached the broker, one by one after that commit (a send is the broker's, not the
    # database's; the job's "sent" mark follows each send), stopping while the broker is still away.
    "plans.imports.services.sweep_import_jobs",
}


@dataclass
class Function:
    module: str
    name: str
    node: ast.FunctionDef
    imports: dict[str, tuple[str, str]]
    atomic: bool = False
    units: int | None = None  # writes as seen by a caller: 0, 1 or 2 (= more than one)
    direct_tasks: list[int] = field(default_factory=list)


def _module_path(module: str) -> Path | None:
    for root in SOURCE_ROOTS:
        for candidate in (root / Path(*module.split(".")).with_suffix(".py"),):
            if candidate.exists():
                return candidate
    return None


def _is_atomic_expr(node: ast.expr) -> bool:
    """transaction.atomic, transaction.atomic(...), atomic, atomic(...)."""
    if isinstance(node, ast.Call):
        node = node.func
    if isinstance(node, ast.Attribute):
        return node.attr == "atomic"
    return isinstance(node, ast.Name) and node.id == "atomic"


def _is_query(node: ast.expr) -> bool:
    """A receiver that is a query: a call chain, or anything reached through `.objects`."""
    while isinstance(node, ast.Attribute | ast.Call | ast.Subscript):
        if isinstance(node, ast.Call):
            return True
        if isinstance(node, ast.Attribute) and node.attr in ("objects", "all_objects"):
            return True
        node = node.value
    return False


class Analysis:
    def __init__(self):
        self.modules: dict[str, dict[str, Function]] = {}

    def functions_of(self, module: str) -> dict[str, Function]:
        if module not in self.modules:
            self.modules[module] = {}
            path = _module_path(module)
            if path is None:
                return self.modules[module]
            tree = ast.parse(path.read_text(encoding="utf-8"))
            imports: dict[str, tuple[str, str]] = {}
            for node in tree.body:
                if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                    for alias in node.names:
                        imports[alias.asname or alias.name] = (node.module, alias.name)
            for node in tree.body:
                if isinstance(node, ast.FunctionDef):
                    self.modules[module][node.name] = Function(
                        module,
                        node.name,
                        node,
                        imports,
                        atomic=any(_is_atomic_expr(d) for d in node.decorator_list),
                    )
        return self.modules[module]

    def resolve(self, function: Function, call: ast.Call) -> Function | None:
        if not isinstance(call.func, ast.Name):
            return None
        name = call.func.id
        local = self.functions_of(function.module).get(name)
        if local is not None:
            return local
        if name in function.imports:
            module, original = function.imports[name]
            # Only the project's own code: Django, Celery etc. are not read.
            if module.split(".")[0] in ("plans", "office", "tenants", "reporting"):
                return self.functions_of(module).get(original)
        return None

    def call_units(self, function: Function, call: ast.Call) -> int:
        func = call.func
        if isinstance(func, ast.Attribute):
            if func.attr in WRITE_METHODS:
                return 1
            if func.attr == "update" and _is_query(func.value):
                return 1
            return 0
        callee = self.resolve(function, call)
        return self.units(callee) if callee is not None else 0

    def units(self, function: Function) -> int:
        if function.units is not None:
            return function.units
        function.units = 0  # recursion guard
        counter = _WriteCounter(self, function)
        counter.visit_body(function.node.body)
        function.direct_tasks = counter.tasks
        total = counter.outside + counter.atomic_blocks_writing
        if function.atomic:
            total = 1 if (counter.outside or counter.atomic_blocks_writing) else 0
        function.units = min(total, 2)
        return function.units


class _WriteCounter(ast.NodeVisitor):
    """Writes of one function body: outside any atomic block (each counted, twice inside a loop), and
    the number of atomic blocks that write. Nested functions and lambdas (on_commit callbacks) are
    not this function's writes."""

    def __init__(self, analysis: Analysis, function: Function):
        self.analysis = analysis
        self.function = function
        self.outside = 0
        self.atomic_blocks_writing = 0
        self.in_atomic = 0
        self.in_loop = 0
        self.block_writes = 0
        self.tasks: list[int] = []

    def visit_body(self, body):
        for statement in body:
            self.visit(statement)

    def visit_FunctionDef(self, node):
        return

    visit_AsyncFunctionDef = visit_FunctionDef
    visit_Lambda = visit_FunctionDef

    def _loop(self, node):
        self.in_loop += 1
        self.generic_visit(node)
        self.in_loop -= 1

    visit_For = visit_While = visit_ListComp = visit_SetComp = visit_DictComp = visit_GeneratorExp = _loop

    def visit_With(self, node):
        if any(_is_atomic_expr(item.context_expr) for item in node.items) and not self.in_atomic:
            self.in_atomic += 1
            self.block_writes = 0
            self.visit_body(node.body)
            self.in_atomic -= 1
            if self.block_writes:
                self.atomic_blocks_writing += 2 if self.in_loop else 1
            return
        self.generic_visit(node)

    def visit_Call(self, node):
        if isinstance(node.func, ast.Attribute) and node.func.attr in TASK_METHODS:
            self.tasks.append(node.lineno)
        units = self.analysis.call_units(self.function, node)
        if units:
            if self.in_loop:
                units = 2
            if self.in_atomic:
                self.block_writes += units
            else:
                self.outside += units
        self.generic_visit(node)


def service_modules() -> list[str]:
    modules = []
    for folder in SERVICE_FOLDERS:
        for path in sorted((REPO_DIR / folder).rglob("services.py")):
            root = REPO_DIR / "platform" if folder.startswith("platform") else REPO_DIR
            modules.append(".".join(path.relative_to(root).with_suffix("").parts))
    return modules


def public_services(analysis: Analysis):
    for module in service_modules():
        for name, function in analysis.functions_of(module).items():
            if not name.startswith("_"):
                yield function


def multi_writes_outside_a_transaction() -> list[str]:
    analysis = Analysis()
    return [
        f"{f.module}.{f.name}"
        for f in public_services(analysis)
        if not f.atomic and analysis.units(f) > 1 and f"{f.module}.{f.name}" not in DELIBERATELY_NOT_ATOMIC
    ]


def tasks_sent_outside_on_commit() -> list[str]:
    analysis = Analysis()
    found = []
    for function in public_services(analysis):
        analysis.units(function)
        found += [f"{function.module}.{function.name} (line {line})" for line in function.direct_tasks]
    return found


def test_the_check_reads_every_services_module():
    modules = service_modules()
    assert "plans.planning.services" in modules and "office.decisions.services" in modules
    assert len(modules) >= 20


def test_the_check_sees_a_multi_write_outside_a_transaction():
    # The check itself on the shapes it must tell apart, so that it cannot pass by reading nothing.
    source = """
from django.db import transaction
from plans.notifications.services import notify

def bare(plan, members):
    plan.save()
    for member in members:
        notify(recipient_id=member.pk, message="x")

@transaction.atomic
def decorated(plan):
    plan.save()
    plan.delete()

def with_block(plan):
    with transaction.atomic():
        plan.save()
        plan.delete()

def single(plan, changes):
    changes.update(x=1)
    plan.save()

def two_blocks(plan):
    with transaction.atomic():
        plan.save()
    with transaction.atomic():
        plan.delete()

def calls_bare(plan):
    bare(plan, [])

def loop_of_one(rows):
    for row in rows:
        row.save()
"""
    analysis = Analysis()
    tree = ast.parse(source)
    imports = {"notify": ("plans.notifications.services", "notify")}
    functions = analysis.modules.setdefault("example", {})
    for node in tree.body:
        if isinstance(node, ast.FunctionDef):
            functions[node.name] = Function(
                "example",
                node.name,
                node,
                imports,
                atomic=any(_is_atomic_expr(d) for d in node.decorator_list),
            )
    multi = {name for name, f in functions.items() if not f.atomic and analysis.units(f) > 1}
    assert multi == {"bare", "two_blocks", "calls_bare", "loop_of_one"}


def test_every_service_that_writes_more_than_one_row_runs_in_one_transaction():
    assert multi_writes_outside_a_transaction() == []


def test_services_send_celery_tasks_only_on_commit():
    assert tasks_sent_outside_on_commit() == []


def test_the_allow_list_names_only_multi_write_services_without_a_transaction():
    # A name that no longer exists, or a service made atomic since, leaves the list: it only ever shrinks.
    analysis = Analysis()
    services = {f"{f.module}.{f.name}": f for f in public_services(analysis)}
    for name in DELIBERATELY_NOT_ATOMIC:
        assert name in services, name
        assert not services[name].atomic and analysis.units(services[name]) > 1, name
