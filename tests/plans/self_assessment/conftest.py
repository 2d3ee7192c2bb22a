import sys
from pathlib import Path

# The cluster fixtures are shared with the office-side tests of clusters.
sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "office" / "clusters"))

from tests.factories.clusters import cw  # noqa: F401 - the fixture
