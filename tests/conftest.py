import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SAMPLES = ROOT / "samples"

# The suite never writes to the user's cache (~/.cache/phuluc), and every test run starts
# from an empty one (so the cache's build path is what the first test meets).
import os  # noqa: E402
import tempfile  # noqa: E402

os.environ["PHULUC_CACHE_DIR"] = tempfile.mkdtemp(prefix="phuluc-test-cache-")
