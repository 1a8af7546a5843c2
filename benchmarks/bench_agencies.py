"""Throughput of the agency parser on 100,000 generated agency cells.

    .venv/bin/python benchmarks/bench_agencies.py [N]

Cells are generated from the gazetteer itself (no corpus text): one to four bodies, each its
canonical name or a variant, sometimes damaged (accents dropped, case changed, a letter doubled,
dropped or swapped, a space lost), joined by ", ", "; ", " và ", newline bullets, or written as a
factored "Sở A, B, C" list. Figures printed:

* ``cold``: parse_agencies with empty caches (repeated cells are cache hits, as in real tables),
  wall and CPU time of this process (the budget is CPU time: the machine may be shared);
* ``warm``: the same cells again (all cache hits);
* ``unique``: only the distinct cells, caches emptied first (every cell resolved from scratch).

The budget is 10 s for 100,000 cells on one core.
"""

from __future__ import annotations

import random
import sys
import time
import unicodedata
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import yaml  # noqa: E402

from phuluc.normalize import agencies  # noqa: E402
from phuluc.normalize.gazetteer import BUILTIN  # noqa: E402

JOINERS = [", ", ", ", ", ", "; ", " và ", "\n- ", ",\n"]


def _strip_accents(s: str) -> str:
    d = unicodedata.normalize("NFD", s.replace("đ", "d").replace("Đ", "D"))
    return unicodedata.normalize("NFC", "".join(c for c in d if not unicodedata.combining(c)))


def _typo(rng: random.Random, s: str) -> str:
    letters = [i for i, c in enumerate(s) if c.isalpha()]
    if len(letters) < 8:
        return s
    i = rng.choice(letters[3:])
    op = rng.randrange(4)
    if op == 0:
        return s[:i] + s[i] + s[i:]  # doubled letter
    if op == 1:
        return s[:i] + s[i + 1:]  # dropped letter
    if op == 2 and i + 1 < len(s):
        return s[:i] + s[i + 1] + s[i] + s[i + 2:]  # swapped letters
    return s.replace(" ", "", 1)  # lost space


def _damage(rng: random.Random, s: str) -> str:
    r = rng.random()
    if r < 0.75:
        return s
    if r < 0.83:
        return _strip_accents(s)
    if r < 0.90:
        return s.title() if rng.random() < 0.5 else s.upper()
    return _typo(rng, s)


def make_cells(n: int, seed: int = 7, pool_size: int | None = None) -> list[str]:
    """``n`` cells drawn from a pool of ``pool_size`` (default n // 5, as a document repeats cells)."""
    rng = random.Random(seed)
    data = yaml.safe_load(BUILTIN.read_text(encoding="utf-8"))
    forms = [[e["name"], *(e.get("variants") or [])] for e in data["agencies"]]
    so = [e["name"][3:] for e in data["agencies"] if e["name"].startswith("Sở ")]
    # A document repeats a small set of cells: draw cells from a pool, as tables do.
    pool: list[str] = []
    for _ in range(max(n // 5 if pool_size is None else pool_size, 1)):
        if rng.random() < 0.15:
            parts = rng.sample(so, rng.randint(2, 4))
            cell = "Sở " + ", ".join(_damage(rng, p) for p in parts)
        else:
            k = rng.choices([1, 2, 3, 4], weights=[5, 4, 2, 1])[0]
            bodies = [_damage(rng, rng.choice(rng.choice(forms))) for _ in range(k)]
            cell = bodies[0]
            for b in bodies[1:]:
                cell += rng.choice(JOINERS) + b
        pool.append(cell)
    return [rng.choice(pool) for _ in range(n)]


def _clear() -> None:
    agencies.clear_caches()


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    cells = make_cells(n)
    unique = list(dict.fromkeys(cells))
    _clear()
    t0, c0 = time.perf_counter(), time.process_time()
    found = sum(len(agencies.parse_agencies(c, place="Hà Tĩnh")) for c in cells)
    cold, cold_cpu = time.perf_counter() - t0, time.process_time() - c0
    t0 = time.perf_counter()
    for c in cells:
        agencies.parse_agencies(c, place="Hà Tĩnh")
    warm = time.perf_counter() - t0
    _clear()
    t0 = time.perf_counter()
    known = total = 0
    for c in unique:
        for a in agencies.parse_agencies(c, place="Hà Tĩnh"):
            total += 1
            known += a.known
    uniq = time.perf_counter() - t0
    print(f"cells: {n:,} ({len(unique):,} distinct), agencies found: {found:,}")
    print(f"cold:   {cold:6.2f} s  ({n / cold:,.0f} cells/s), CPU {cold_cpu:.2f} s")
    print(f"warm:   {warm:6.2f} s  ({n / warm:,.0f} cells/s)")
    print(f"unique: {uniq:6.2f} s  ({len(unique) / uniq:,.0f} distinct cells/s), "
          f"{known / total:.1%} of their pieces known")
    # CPU time of this process: the machine may be shared, and the budget is for one core
    print("budget: 10 s CPU for 100,000 cells:", "OK" if cold_cpu * 100_000 / n < 10 else "TOO SLOW")


if __name__ == "__main__":
    main()
