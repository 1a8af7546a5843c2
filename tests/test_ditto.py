"""Ditto marks: recognition (whole cell only) and resolution, with property tests."""

from hypothesis import given
from hypothesis import strategies as st

from phuluc.extract.model import Task
from phuluc.extract.tables.cells import is_ditto, partial_ditto
from phuluc.extract.tables.ditto import resolve_dittos

MARKS = ["Nt", "nt", "NT", "Nt.", "-nt-", "- nt -", "–nt–", "Như trên", "như trên", "- Như trên -", '"', "“”", "”",
         "〃", "-//-", "//", "- // -"]


def test_marks_are_dittos():
    for m in MARKS:
        assert is_ditto(m), m


def test_longer_text_is_not_a_ditto():
    for s in ["NTM", "Nông thôn mới", "Lựa chọn NT tư vấn", "-", "–", "x", "Như Điều 3", "Sở Tài chính", ""]:
        assert not is_ditto(s), s


def test_partial_ditto():
    assert partial_ditto("Nt, Sở Tài chính") == "Sở Tài chính"
    assert partial_ditto("Như trên và UBND các huyện") == "UBND các huyện"
    assert partial_ditto("Sở Tài chính") is None


def _tasks(values):
    out = []
    for i, v in enumerate(values):
        t = Task(id=str(i + 1), tt=str(i + 1))
        t.lead_text = v
        out.append(t)
    return out


def test_chain_resolves_transitively_across_rows():
    tasks = _tasks(["Sở Y tế", "Nt", "", "-nt-", "Sở Nội vụ", '"'])
    assert resolve_dittos(tasks) == []
    assert [t.lead_text for t in tasks] == ["Sở Y tế", "Sở Y tế", "", "Sở Y tế", "Sở Nội vụ", "Sở Nội vụ"]
    assert tasks[1].flags == ["ditto:lead"] and tasks[2].flags == []


names = st.sampled_from(["Sở Y tế", "Sở Nội vụ", "UBND tỉnh", "Các sở, ngành", ""])
cells = st.lists(st.one_of(names, st.sampled_from(MARKS)), min_size=1, max_size=30)


@given(cells)
def test_resolution_never_leaves_a_mark_below_a_value(values):
    tasks = _tasks(values)
    unresolved = resolve_dittos(tasks)
    seen_value = False
    for t, original in zip(tasks, values, strict=True):
        if original in MARKS:
            if seen_value:
                assert not is_ditto(t.lead_text)
                assert "ditto:lead" in t.flags
            else:
                assert t.lead_text == original and (t, "lead_text") in unresolved
        elif original:
            seen_value = True
            assert t.lead_text == original


@given(cells)
def test_resolved_value_is_the_nearest_real_value_above(values):
    tasks = _tasks(values)
    resolve_dittos(tasks)
    last = None
    for t, original in zip(tasks, values, strict=True):
        if original and original not in MARKS:
            last = original
        elif original in MARKS and last is not None:
            assert t.lead_text == last
