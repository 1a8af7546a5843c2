"""The data cache: a copy is used only for the same inputs, and a broken cache never breaks a run."""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
from pathlib import Path

import pytest

from phuluc.normalize import data_cache
from phuluc.normalize.gazetteer import BUILTIN, Gazetteer, load_gazetteer


@pytest.fixture
def cache(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv(data_cache.ENV, str(folder))
    return folder


def _counting(value):
    calls = []

    def build():
        calls.append(1)
        return value

    return build, calls


def test_second_call_reads_the_copy(cache, tmp_path):
    src = tmp_path / "in.yaml"
    src.write_text("a: 1\n")
    build, calls = _counting({"a": 1})
    assert data_cache.cached("thing", [src], build) == {"a": 1}
    assert data_cache.cached("thing", [src], build) == {"a": 1}
    assert len(calls) == 1
    assert len(list(cache.glob("thing-*.pickle"))) == 1


def test_changed_input_rebuilds_and_drops_the_stale_copy(cache, tmp_path):
    src = tmp_path / "in.yaml"
    src.write_text("a: 1\n")
    data_cache.cached("thing", [src], lambda: 1)
    src.write_text("a: 2\n")
    build, calls = _counting(2)
    assert data_cache.cached("thing", [src], build) == 2
    assert calls == [1]
    assert len(list(cache.glob("thing-*.pickle"))) == 1


def test_damaged_copy_is_rebuilt(cache, tmp_path):
    src = tmp_path / "in.yaml"
    src.write_text("x")
    data_cache.cached("thing", [src], lambda: [1, 2, 3])
    (copy,) = cache.glob("thing-*.pickle")
    copy.write_bytes(pickle.dumps([1, 2, 3])[:5])  # truncated, as by a full disk
    build, calls = _counting([1, 2, 3])
    assert data_cache.cached("thing", [src], build) == [1, 2, 3]
    assert calls == [1]
    assert pickle.loads(copy.read_bytes()) == [1, 2, 3]


def test_folder_that_cannot_be_written_still_builds(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv(data_cache.ENV, str(blocker / "cache"))
    src = tmp_path / "in.yaml"
    src.write_text("x")
    build, calls = _counting("v")
    assert data_cache.cached("thing", [src], build) == "v"
    assert data_cache.cached("thing", [src], build) == "v"
    assert len(calls) == 2


def test_empty_setting_turns_the_cache_off(tmp_path, monkeypatch):
    monkeypatch.setenv(data_cache.ENV, "")
    assert data_cache.cache_dir() is None
    src = tmp_path / "in.yaml"
    src.write_text("x")
    build, calls = _counting("v")
    data_cache.cached("thing", [src], build)
    data_cache.cached("thing", [src], build)
    assert len(calls) == 2


def test_default_folder_follows_xdg(monkeypatch, tmp_path):
    monkeypatch.delenv(data_cache.ENV, raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert data_cache.cache_dir() == tmp_path / "phuluc"


def test_build_errors_propagate(cache, tmp_path):
    src = tmp_path / "in.yaml"
    src.write_text("x")

    def build():
        raise ValueError("the user's file is wrong")

    with pytest.raises(ValueError, match="user's file"):
        data_cache.cached("thing", [src], build)
    assert not list(cache.glob("thing-*.pickle"))


def test_cached_gazetteer_has_the_same_tables(cache):
    load_gazetteer.cache_clear()
    try:
        first = load_gazetteer(())  # built, then stored
        load_gazetteer.cache_clear()
        second = load_gazetteer(())  # read from the copy
        assert list(cache.glob("gazetteer-*.pickle"))
        fresh = Gazetteer((BUILTIN,))
        for name in ("exact", "unacc", "nospace", "bare", "groups", "tokens", "vocab", "places"):
            assert getattr(second, name) == getattr(fresh, name) == getattr(first, name), name
        assert [e.name for e in second.entries] == [e.name for e in fresh.entries]
        assert second.hit_by_id(fresh.entries[0].id) == fresh.hit_by_id(fresh.entries[0].id)
        assert second.fuzzy("so tai chnh") == fresh.fuzzy("so tai chnh")
    finally:
        load_gazetteer.cache_clear()


def test_a_process_with_a_warm_cache_never_imports_yaml(cache):
    code = ("import sys; from pathlib import Path; from phuluc.export.pipeline import convert; "
            "convert(Path(sys.argv[1])); print('yaml' in sys.modules)")
    sample = Path(__file__).resolve().parent.parent / "samples" / "ct26-daknong.txt"
    env = {**os.environ, data_cache.ENV: str(cache)}
    runs = [subprocess.run([sys.executable, "-c", code, str(sample)], env=env, capture_output=True, text=True,
                           check=True).stdout.split()[-1] for _ in range(2)]
    assert runs == ["True", "False"]
