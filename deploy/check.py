"""make deploy-check: validates the production files offline with real validators.

- deploy/Dockerfile: hadolint (settings in deploy/.hadolint.yaml); deploy/*.sh (the image's
  entrypoint, the local run script): shellcheck;
- deploy/compose.yaml: the Compose specification's JSON schema (vendored by check-jsonschema), and
  every variable the file requires (${NAME:?...}) present in deploy/.env.example;
- infra/k8s: every kustomization rendered by `kubectl kustomize`, the result validated against the
  Kubernetes API schemas (kubernetes-validate, strict);
- infra/ansible: `ansible-playbook --syntax-check`, ansible-lint (offline, production profile), and
  every template rendered with the playbook's variables (rendered shell scripts through shellcheck).

    .venv/bin/python deploy/check.py [--root PATH] [--only image|compose|kubernetes|ansible|templates]

--root points at another copy of the repository (the tests break a copy on purpose). Exit status 0
when every check passes, 1 otherwise; each failure is printed with the validator's own output.
"""

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO_DIR = Path(__file__).resolve().parents[1]
BIN_DIR = Path(sys.executable).parent
# The Kubernetes version the manifests are validated against: the one of the kubectl that renders them.
KUBERNETES_VERSION = "1.32.0"


def tool(name: str) -> str:
    """A validator installed in this virtualenv (make install-deploy), else one on PATH."""
    if name == "kubectl" and os.environ.get("KUBECTL"):
        return os.environ["KUBECTL"]
    local = BIN_DIR / name
    if local.exists():
        return str(local)
    found = shutil.which(name)
    if found is None:
        raise FileNotFoundError(f"không tìm thấy {name}; chạy `make install-deploy`")
    return found


def run(command: list[str], cwd: Path | None = None) -> tuple[bool, str]:
    env = dict(os.environ, PATH=f"{BIN_DIR}{os.pathsep}{os.environ.get('PATH', '')}")
    # ansible and ansible-lint keep their caches out of the user's home (ansible-lint runs --offline).
    env.setdefault("ANSIBLE_HOME", str(Path(tempfile.gettempdir()) / "tdkt-deploy-check-ansible"))
    env["NO_COLOR"] = "1"
    result = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, check=False)
    return result.returncode == 0, (result.stdout + result.stderr).strip()


def check_image(root: Path) -> tuple[bool, str]:
    deploy = root / "deploy"
    lint_ok, lint = run(
        [tool("hadolint"), "--config", str(deploy / ".hadolint.yaml"), str(deploy / "Dockerfile")]
    )
    scripts = sorted(str(path) for path in deploy.glob("*.sh"))
    shell_ok, shell = run([tool("shellcheck"), *scripts])
    return lint_ok and shell_ok, f"{lint}\n{shell}".strip()


def check_compose(root: Path) -> tuple[bool, str]:
    deploy = root / "deploy"
    compose = deploy / "compose.yaml"
    ok, output = run([tool("check-jsonschema"), "--builtin-schema", "vendor.compose-spec", str(compose)])
    required = set(re.findall(r"\$\{([A-Z0-9_]+):\?", compose.read_text(encoding="utf-8")))
    example = deploy / ".env.example"
    defined = set(re.findall(r"^([A-Z0-9_]+)=", example.read_text(encoding="utf-8"), flags=re.M))
    missing = sorted(required - defined)
    if missing:
        ok = False
        output += f"\ndeploy/.env.example thiếu biến mà compose.yaml bắt buộc: {', '.join(missing)}"
    return ok, output


def kustomizations(root: Path) -> list[Path]:
    return sorted(path.parent for path in (root / "infra" / "k8s").rglob("kustomization.yaml"))


def check_kubernetes(root: Path) -> tuple[bool, str]:
    ok, outputs = True, []
    folders = kustomizations(root)
    if not folders:
        return False, "không có kustomization.yaml nào trong infra/k8s"
    with tempfile.TemporaryDirectory() as scratch:
        for folder in folders:
            name = folder.relative_to(root)
            rendered_ok, rendered = run([tool("kubectl"), "kustomize", str(folder)])
            if not rendered_ok:
                ok = False
                outputs.append(f"{name}: kubectl kustomize thất bại\n{rendered}")
                continue
            manifest = Path(scratch) / (str(name).replace("/", "_") + ".yaml")
            manifest.write_text(rendered + "\n", encoding="utf-8")
            valid, report = run(
                [tool("kubernetes-validate"), "--strict", "--quiet", "-k", KUBERNETES_VERSION, str(manifest)]
            )
            if not valid:
                ok = False
            outputs.append(f"{name}: {'hợp lệ' if valid else 'KHÔNG hợp lệ'}\n{report}".strip())
    return ok, "\n".join(outputs)


def render_ansible_templates(folder: Path) -> tuple[bool, str]:
    """Renders every template of the playbook with its group_vars (and stand-in secrets) on this
    machine: a Jinja error or an undefined variable fails here, not on the office's server. The
    rendered shell scripts then go through shellcheck."""
    templates = sorted(path.name for path in (folder / "templates").glob("*.j2"))
    with tempfile.TemporaryDirectory() as scratch:
        playbook = Path(scratch) / "render.yml"
        lines = [
            "- name: Render the templates of site.yml",
            "  hosts: localhost",
            "  connection: local",
            "  gather_facts: false",
            f"  vars_files: ['{folder / 'group_vars' / 'all.yml'}']",
            "  vars:",
            f"    ansible_python_interpreter: '{sys.executable}'",
            "    vault_tdkt_db_password: deploy-check",
            "    vault_tdkt_secret_key: deploy-check",
            "  tasks:",
            "    - name: Render",
            "      ansible.builtin.template:",
            f"        src: '{folder / 'templates'}/{{{{ item }}}}'",
            f"        dest: '{scratch}/{{{{ item }}}}'",
            "        mode: '0600'",
            f"      loop: {templates}",
        ]
        playbook.write_text("\n".join(lines) + "\n", encoding="utf-8")
        ok, output = run([tool("ansible-playbook"), "-i", "localhost,", str(playbook)], cwd=folder)
        scripts = sorted(str(path) for path in Path(scratch).glob("*.sh.j2"))
        if ok and scripts:  # the rendered shell scripts, checked as the server will run them
            ok, output = run([tool("shellcheck"), "--shell=sh", *scripts])
        return ok, output


def check_ansible(root: Path) -> tuple[bool, str]:
    folder = root / "infra" / "ansible"
    syntax_ok, syntax = run(
        [tool("ansible-playbook"), "--syntax-check", "-i", "inventory.example.ini", "site.yml"], cwd=folder
    )
    if not syntax_ok:  # ansible-lint would only repeat it
        return False, syntax
    return run([tool("ansible-lint"), "--offline", "-c", ".ansible-lint", "site.yml"], cwd=folder)


def check_ansible_templates(root: Path) -> tuple[bool, str]:
    return render_ansible_templates(root / "infra" / "ansible")


CHECKS = {
    "image": ("Dockerfile, deploy/*.sh (hadolint, shellcheck)", check_image),
    "compose": ("compose.yaml (Compose specification)", check_compose),
    "kubernetes": ("Kubernetes (kubectl kustomize + kubernetes-validate)", check_kubernetes),
    "ansible": ("Ansible (syntax-check + ansible-lint)", check_ansible),
    "templates": ("Ansible templates (rendered, shell scripts through shellcheck)", check_ansible_templates),
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=REPO_DIR, help="repository copy to check")
    parser.add_argument("--only", choices=sorted(CHECKS), action="append", help="run only these checks")
    args = parser.parse_args(argv)
    root = args.root.resolve()
    failures = 0
    for key, (title, check) in CHECKS.items():
        if args.only and key not in args.only:
            continue
        try:
            ok, output = check(root)
        except (FileNotFoundError, OSError) as exc:
            ok, output = False, str(exc)
        print(f"[{'đạt' if ok else 'LỖI'}] {title}")
        if not ok:
            failures += 1
            print("    " + output.replace("\n", "\n    "))
    print("Mọi kiểm tra triển khai đều đạt." if not failures else f"{failures} kiểm tra không đạt.")
    return 0 if not failures else 1


if __name__ == "__main__":
    sys.exit(main())
