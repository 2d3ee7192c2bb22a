import subprocess
import sys
from pathlib import Path

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
