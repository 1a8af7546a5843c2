"""End-to-end output of the samples against reviewed golden files (tests/golden/).

After an intended change: `python -m tests.golden.regenerate` and review the diff.
"""

import json

import pytest

from tests.golden.regenerate import CASES, HERE, golden


@pytest.mark.parametrize("name", CASES)
def test_sample_matches_golden(name):
    want = json.loads((HERE / f"{name}.json").read_text(encoding="utf-8"))
    got = golden(name)
    assert got["document"] == want["document"]
    assert [t["id"] for t in got["tasks"]] == [t["id"] for t in want["tasks"]]
    for g, w in zip(got["tasks"], want["tasks"], strict=True):
        assert g == w, g["id"]
    assert got == want
