"""`make deploy-check` (deploy/check.py) passes on this checkout and fails on a copy broken on purpose,
one copy per validator, so each validator is shown to be able to fail."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO_DIR = Path(__file__).resolve().parents[2]
CHECK = REPO_DIR / "deploy" / "check.py"


def run_check(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(CHECK), *args], capture_output=True, text=True, check=False, timeout=240
    )


@pytest.fixture
def copy(tmp_path) -> Path:
    """deploy/ and infra/ copied to a scratch repository root."""
    for folder in ("deploy", "infra"):
        shutil.copytree(REPO_DIR / folder, tmp_path / folder, ignore=shutil.ignore_patterns("__pycache__"))
    return tmp_path


def break_file(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_clean_checkout_passes():
    result = run_check()
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.count("[đạt]") == 5


def test_the_copy_passes_before_it_is_broken(copy):
    result = run_check("--root", str(copy), "--only", "kubernetes", "--only", "compose")
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(
    ("check", "path", "old", "new", "expected"),
    [
        # A field of the wrong type in the base, inherited by both overlays.
        ("kubernetes", "infra/k8s/base/web.yaml", "replicas: 2", "replicas: two", "KHÔNG hợp lệ"),
        # A field the Kubernetes API does not know (strict validation).
        (
            "kubernetes",
            "infra/k8s/base/beat.yaml",
            "type: Recreate",
            "type: Recreate\n    paused: nope",
            "paused",
        ),
        # A patch aimed at a path the rendered object lacks: kustomize itself refuses.
        (
            "kubernetes",
            "infra/k8s/overlays/city/kustomization.yaml",
            "path: /spec/minReplicas",
            "path: /spec/noSuchField/minReplicas",
            "kubectl kustomize",
        ),
        (
            "compose",
            "deploy/compose.yaml",
            "    restart: unless-stopped",
            "    restarts: unless-stopped",
            "restarts",
        ),
        ("compose", "deploy/.env.example", "POSTGRES_PASSWORD=", "# POSTGRES_PASSWORD=", "POSTGRES_PASSWORD"),
        ("image", "deploy/Dockerfile", "RUN apt-get update", "RUN cd /tmp && apt-get update", "DL3003"),
        ("image", "deploy/docker-entrypoint.sh", 'role="${1:-web}"', "role=$1 ; cd $role", "SC2086"),
        (
            "ansible",
            "infra/ansible/site.yml",
            "ansible.builtin.apt:",
            "ansible.builtin.no_such_module:",
            "site.yml",
        ),
        ("ansible", "infra/ansible/site.yml", "      ansible.builtin.user:", "      user:", "fqcn"),
        # The backup script as rendered for the server goes through shellcheck.
        (
            "templates",
            "infra/ansible/templates/tdkt-backup.sh.j2",
            'pg_basebackup --pgdata="$dir/base-$stamp"',
            "pg_basebackup --pgdata=$dir/base-$stamp",
            "SC2086",
        ),
        # A variable no group_vars defines, inside a template: only rendering finds it.
        (
            "templates",
            "infra/ansible/templates/tdkt-web.service.j2",
            "{{ tdkt_web_workers }}",
            "{{ tdkt_web_wrkers }}",
            "tdkt_web_wrkers",
        ),
    ],
)
def test_a_broken_copy_fails(copy, check, path, old, new, expected):
    break_file(copy / path, old, new)
    result = run_check("--root", str(copy), "--only", check)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "[LỖI]" in result.stdout
    assert expected in result.stdout
