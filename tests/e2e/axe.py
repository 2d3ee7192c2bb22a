"""WCAG 2.1 AA in the browser tests (issue 14): axe-core, from npm (package.json), run in the page.

axe is a test tool, not something the platform ships: it is read from node_modules and evaluated in
the page by Playwright (which the page's Content Security Policy does not apply to), never served.

`violations(page)` gives the critical and serious findings of the page as it is now;
`assert_accessible(page)` fails listing them, and `assert_no_sideways_scroll(page)` fails when the page
is wider than the window (a phone would have to scroll sideways). The `page` fixture of tests/e2e
(conftest.py) runs axe after every page load of every browser test and fails the test at its end."""

from tests.conftest import REPO_DIR

AXE_SOURCE = (REPO_DIR / "node_modules" / "axe-core" / "axe.min.js").read_text(encoding="utf-8")
# WCAG 2.0 and 2.1, levels A and AA: what Vietnamese public-sector sites are held to (and the issue asks).
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
SEVERE = ("critical", "serious")

RUN = """async (tags) => {
  const result = await window.axe.run(document, {runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]});
  return result.violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map((n) => ({target: n.target.join(" "), summary: n.failureSummary})),
  }));
}"""


# Colours are measured as they end, not halfway through a transition a click of the test started.
STILL = """() => {
  const style = document.createElement("style");
  style.textContent = "*, *::before, *::after { transition: none !important; animation: none !important; }";
  document.head.appendChild(style);
}"""


def violations(page) -> list[dict]:
    """The critical and serious violations of the page at its current width, each with its nodes."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(AXE_SOURCE)
        page.evaluate(STILL)
    found = page.evaluate(RUN, TAGS)
    return [v for v in found if v["impact"] in SEVERE]


def describe(found: list[dict], where: str = "") -> str:
    lines = []
    for violation in found:
        lines.append(f"{where}[{violation['impact']}] {violation['id']}: {violation['help']}")
        for node in violation["nodes"][:5]:
            lines.append(f"    {node['target']}: {(node['summary'] or '').splitlines()[-1].strip()}")
        if len(violation["nodes"]) > 5:
            lines.append(f"    … and {len(violation['nodes']) - 5} more")
    return "\n".join(lines)


def assert_accessible(page) -> None:
    found = violations(page)
    width = page.viewport_size["width"] if page.viewport_size else "?"
    assert not found, f"axe at {width} px on {page.url}:\n" + describe(found)


def sideways_overflow(page) -> int:
    """By how many pixels the page is wider than the window (0 when it is not)."""
    return page.evaluate("() => Math.max(0, document.scrollingElement.scrollWidth - window.innerWidth)")


def assert_no_sideways_scroll(page) -> None:
    overflow = sideways_overflow(page)
    assert overflow == 0, f"{page.url} scrolls sideways by {overflow} px at {page.viewport_size['width']} px"


class Audit:
    """axe after every page load of every page of a browser test, once per address and width: at the
    test's own width in the test's page, and at 390 px in a second page of the same context (same
    session) that opens the same address, so the test's page is never resized under its feet.
    `problems` is checked when the test ends (conftest.py). A page left before its check finished (the
    test moved on) is checked at its next load instead."""

    PHONE = {"width": 390, "height": 844}

    def __init__(self):
        self.problems: list[str] = []
        self.checked: set[tuple[str, int]] = set()
        self.page_views = 0
        self.phones = {}  # context → its page at 390 px
        self.running = set()

    def watch(self, page) -> None:
        if page in self.phones.values():
            return
        page.on("load", lambda: self.check(page))

    def record(self, page, url: str, width: int) -> None:
        found = violations(page)
        self.checked.add((url, width))
        self.page_views += 1
        if found:
            self.problems.append(describe(found, where=f"{url} @{width}: "))

    def check(self, page) -> None:
        url = page.url
        # A load that comes while the previous one is being checked (the handler waits on the page, so
        # Playwright may deliver the next event meanwhile) is left to that check's successor.
        if not url.startswith("http") or page.is_closed() or page in self.running:
            return
        self.running.add(page)
        try:
            width = page.evaluate("() => window.innerWidth")
            if (url, width) not in self.checked:
                self.record(page, url, width)
            if (url, self.PHONE["width"]) not in self.checked:
                phone = self.phones.get(page.context)
                if phone is None or phone.is_closed():
                    phone = self.phones[page.context] = page.context.new_page()
                    phone.set_viewport_size(self.PHONE)
                response = phone.goto(url)
                if response is not None and response.ok:
                    self.record(phone, url, self.PHONE["width"])
        except Exception as exc:  # the page navigated or closed while axe ran: another load will come
            message = str(exc).lower()
            if not any(word in message for word in ("context", "closed", "navigat", "already running")):
                raise
        finally:
            self.running.discard(page)


class AuditedBrowser:
    """The session's browser, whose every new context's pages are watched by one Audit."""

    def __init__(self, browser, audit: Audit):
        self._browser = browser
        self.audit = audit

    def new_context(self, **options):
        context = self._browser.new_context(**options)
        context.on("page", self.audit.watch)
        return context

    @property
    def unwatched(self):
        """The browser itself, for a test that runs axe on its own (test_accessibility.py)."""
        return self._browser

    def __getattr__(self, name):
        return getattr(self._browser, name)
