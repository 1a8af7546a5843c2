"""The cyclic garbage collector paused around phuluc's own stages, never left off."""

from __future__ import annotations

import gc
import threading

import pytest

from phuluc.export.pipeline import collecting, own_stages


@pytest.fixture(autouse=True)
def _collector_on():
    was = gc.isenabled()
    gc.enable()
    yield
    if not was:
        gc.disable()


def test_paused_in_stages_running_for_readers_and_after():
    with own_stages():
        assert not gc.isenabled()
        with collecting():  # a reader inside the region: page trees must be collected
            assert gc.isenabled()
        assert not gc.isenabled()
        with own_stages():  # nested (run_job around convert)
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()


def test_on_again_after_an_error():
    with pytest.raises(ValueError), own_stages():
        raise ValueError
    assert gc.isenabled()


def test_a_collector_the_caller_turned_off_stays_off():
    gc.disable()
    with own_stages(), collecting():
        assert not gc.isenabled()
    assert not gc.isenabled()


def test_threads_never_leave_it_off():
    start = threading.Barrier(4)

    def work(n: int) -> None:
        start.wait()
        for i in range(300):
            with own_stages():
                if (i + n) % 2:
                    with collecting():
                        pass

    threads = [threading.Thread(target=work, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert gc.isenabled()


def test_text_is_read_paused_other_formats_collected(tmp_path, monkeypatch):
    from pathlib import Path

    from phuluc.export import pipeline

    seen = {}

    def fake_read(path: Path, kind: str | None = None):
        seen[path.suffix] = gc.isenabled()
        raise pipeline.PhulucError("stop here")

    monkeypatch.setattr(pipeline, "read", fake_read)
    (tmp_path / "plan.txt").write_text("TT\tNội dung\n", encoding="utf-8")
    (tmp_path / "plan.pdf").write_bytes(b"%PDF-1.4\n")
    for name in ("plan.txt", "plan.pdf"):
        with pytest.raises(pipeline.PhulucError):
            pipeline.convert(tmp_path / name)
    assert seen == {".txt": False, ".pdf": True}
