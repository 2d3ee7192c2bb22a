"""Which static files are found (only those pages load) and the Content Security Policy pages get."""

import re
from pathlib import Path

from django.contrib.staticfiles import finders

from tests.conftest import REPO_DIR

TEMPLATE_DIRS = [REPO_DIR / "platform", REPO_DIR / "plans", REPO_DIR / "reporting"]
INLINE_HANDLER = re.compile(r"\son[a-z]+\s*=", re.IGNORECASE)
SCRIPT_TAG = re.compile(r"<script\b([^>]*)>", re.IGNORECASE)
STATIC_TAG = re.compile(r"""{%\s*static\s+['"]([^'"]+)['"]\s*%}""")
# Rendered for WeasyPrint or inside a frame of their own, never with the site's scripts.
PRINTED = {"official_document.html", "pdf.html"}


def templates() -> list[Path]:
    return [path for folder in TEMPLATE_DIRS for path in folder.rglob("templates/**/*.html")]


def test_every_static_file_a_template_names_is_found():
    names = {name for path in templates() for name in STATIC_TAG.findall(path.read_text())}
    assert "vendor/chart.js/chart.umd.min.js" in names
    missing = sorted(name for name in names if finders.find(name) is None)
    assert missing == []


def test_the_vendor_packages_other_builds_are_not_found():
    for name in (
        "vendor/bootstrap/css/bootstrap.css",
        "vendor/bootstrap/css/bootstrap.min.css.map",
        "vendor/bootstrap/js/bootstrap.esm.js",
        "vendor/htmx/htmx.js",
        "vendor/chart.js/chart.js",
        "vendor/bootstrap-icons/bootstrap-icons.json",
        "vendor/bootstrap/../../package.json",
    ):
        assert finders.find(name) is None, name
    assert finders.find("vendor/bootstrap-icons/fonts/bootstrap-icons.woff2") is not None


def test_no_template_has_an_inline_event_handler_or_a_script_without_the_nonce():
    offenders = []
    for path in templates():
        if path.name in PRINTED:
            continue
        text = path.read_text()
        offenders += [f"{path}: {match.group(0)}" for match in INLINE_HANDLER.finditer(text)]
        for attributes in SCRIPT_TAG.findall(text):
            allowed = "src=" in attributes or "application/json" in attributes or "csp_nonce" in attributes
            if not allowed:
                offenders.append(f"{path}: <script{attributes}>")
    assert offenders == []


def test_pages_carry_a_policy_that_runs_no_inline_script(world, client_for):
    response = client_for(world.principal_a, world.school_a).get("/")
    policy = dict(
        directive.strip().split(" ", 1) for directive in response["Content-Security-Policy"].split(";")
    )
    assert policy["script-src"] == "'self'"
    assert policy["object-src"] == "'none'"
    assert policy["frame-ancestors"] == "'self'"
    assert "'unsafe-inline'" not in policy["script-src"] and "'unsafe-eval'" not in policy["script-src"]


def test_the_one_inline_script_gets_the_nonce_of_its_response(world, client_for):
    from office.movements.services import launch_movement

    movement = launch_movement(authority=world.office, user=None, name="Phong trào Thử nghiệm CSP")
    response = client_for(world.specialist).get(f"/phong-trao/{movement.pk}/")
    assert response.status_code == 200
    nonce = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"]).group(1)
    scripts = SCRIPT_TAG.findall(response.content.decode())
    inline = [attributes for attributes in scripts if "src=" not in attributes]
    assert inline == [f' nonce="{nonce}"']
    again = client_for(world.specialist).get(f"/phong-trao/{movement.pk}/")
    assert nonce not in again["Content-Security-Policy"]
