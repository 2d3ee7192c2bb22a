import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO_DIR = Path(__file__).resolve().parents[1]


def test_import_platform_from_the_repository_root_gives_the_standard_library():
    # The office code lives in the folder platform/ but must never shadow the stdlib module.
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import platform, office; print(platform.__file__); print(platform.python_version())",
        ],
        cwd=REPO_DIR,
        capture_output=True,
        text=True,
        check=True,
    )
    platform_file, version = result.stdout.split()
    assert not platform_file.startswith(str(REPO_DIR))
    assert version.startswith("3.11")
    assert not (REPO_DIR / "platform" / "__init__.py").exists()


def _lint_imports(root: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(Path(sys.executable).with_name("lint-imports")), "--no-cache"],
        cwd=root,
        env={**os.environ, "PYTHONPATH": f"{root}{os.pathsep}{root / 'platform'}"},
        capture_output=True,
        text=True,
        check=False,
    )


def test_the_import_contracts_hold_on_the_tree():
    result = _lint_imports(REPO_DIR)
    assert result.returncode == 0, result.stdout[-3000:]
    assert "broken" not in result.stdout.split("Contracts:")[-1].replace("0 broken", "")


@pytest.mark.parametrize(
    ("module", "line", "contract"),
    [
        (
            "platform/office/core/text.py",
            "import plans.staff.models",
            "The office side never imports the school side",
        ),
        (
            "plans/staff/services.py",
            "import plans.emulation.views",
            "plans.staff does not import another part's views",
        ),
        (
            "plans/planning/services.py",
            "import office.decisions.services",
            "The school side reaches the office only",
        ),
        ("tenants/schemas.py", "import demo.loader", "No production module imports the demo"),
    ],
)
def test_a_broken_contract_fails_the_build(tmp_path, module, line, contract):
    for folder in ("platform", "plans", "reporting", "tenants", "demo"):
        shutil.copytree(REPO_DIR / folder, tmp_path / folder, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(REPO_DIR / "pyproject.toml", tmp_path / "pyproject.toml")
    target = tmp_path / module
    target.write_text(target.read_text() + f"\n{line}  # a deliberate breach\n")
    result = _lint_imports(tmp_path)
    assert result.returncode != 0
    broken = result.stdout.split("Broken contracts")[-1]
    assert contract in " ".join(broken.split())


@pytest.mark.django_db
def test_the_models_match_their_migrations_so_moving_their_code_changed_no_table():
    """The school side's models moved into its parts (plans/planning, plans/staff, …) but kept their
    app label and tables: Django sees nothing to migrate, so a database built by the old code is
    already right."""
    from django.apps import apps
    from django.core.management import call_command

    call_command("makemigrations", "--check", "--dry-run", verbosity=0)  # SystemExit(1) on any change
    moved = {model.__name__: model._meta.db_table for model in apps.get_app_config("plans").get_models()}
    assert moved["Plan"] == "plans_plan" and moved["Staff"] == "plans_staff"
    assert moved["AwardRecord"] == "plans_awardrecord" and moved["Notification"] == "plans_notification"
    assert all(table.startswith("plans_") for table in moved.values())
