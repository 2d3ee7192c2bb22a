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


def violations(page) -> list[dict]:
    """The critical and serious violations of the page at its current width, each with its nodes."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(AXE_SOURCE)
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
    """axe after every page load of every page of a browser test, at the test's width and at 390 px
    (then back), once per address and width; `problems` is checked when the test ends (conftest.py).
    A page left before its check finished (the test moved on) is not counted."""

    def __init__(self):
        self.problems: list[str] = []
        self.checked: set[tuple[str, int]] = set()
        self.page_views = 0

    def watch(self, page) -> None:
        page.on("load", lambda: self.check(page))

    def check(self, page) -> None:
        if not page.url.startswith("http") or page.is_closed():
            return
        size = page.viewport_size or {"width": 1280, "height": 720}
        try:
            for width in (size["width"], 390):
                if (page.url, width) in self.checked:
                    continue
                if width != page.viewport_size["width"]:
                    page.set_viewport_size({"width": width, "height": 844})
                found = violations(page)
                self.checked.add((page.url, width))
                self.page_views += 1
                if found:
                    self.problems.append(describe(found, where=f"{page.url} @{width}: "))
        except Exception as exc:  # the page navigated or closed while axe ran: another load will come
            if "context" not in str(exc).lower() and "closed" not in str(exc).lower():
                raise
        finally:
            if not page.is_closed() and page.viewport_size != size:
                page.set_viewport_size(size)


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
