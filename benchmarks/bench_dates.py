"""Throughput of the time-expression parser on 100,000 generated time cells.

    .venv/bin/python benchmarks/bench_dates.py [N]

The cells are generated from templates (no corpus text): years, months, quarters, ranges,
deadlines, recurring words, non-dates. Three figures are printed:

* ``cold``: parse_time with an empty cache (first sight of a cell is parsed, repeats are hits);
* ``warm``: the same cells again (all cache hits);
* ``uncached``: the parser without its cache, every cell parsed from scratch.
"""

from __future__ import annotations

import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from phuluc.normalize import dates  # noqa: E402

ROMAN = ["I", "II", "III", "IV"]
TEMPLATES = [
    "Năm {y}",
    "{y}",
    "Tháng {m}/{y}",
    "{m}/{y}",
    "T{m}/{y}",
    "tháng {m} năm {y}",
    "Quý {r}/{y}",
    "Quý {q} năm {y}",
    "QII/{y}",
    "Quý {r}, IV/{y}",
    "{y} - {y2}",
    "{y}-{y2}",
    "Giai đoạn {y}-{y2}",
    "Năm {y} và các năm tiếp theo",
    "Từ năm {y}",
    "Trước {d}/{m}/{y}",
    "Trước ngày {d} tháng {m} năm {y}",
    "Chậm nhất tháng {m}/{y}",
    "Đến hết năm {y2}",
    "{d}/{m}/{y}",
    "0{m2}-{m}/{y}",
    "6 tháng đầu năm {y}",
    "Cuối năm {y}",
    "Hàng năm",
    "Thường xuyên",
    "Tháng 12 hằng năm",
    "Định kỳ hàng quý",
    "Theo kế hoạch",
    "Quý {r}/{y} (trình HĐND tỉnh)",
    "Từ 20 giờ 15 phút - 20 giờ 45 phút ngày {d} tháng {m}",
]


def cells(n: int, seed: int = 7) -> list[str]:
    rnd = random.Random(seed)
    out = []
    for _ in range(n):
        y = rnd.randint(2005, 2030)
        m = rnd.randint(2, 12)
        q = rnd.randint(1, 4)
        out.append(
            rnd.choice(TEMPLATES).format(
                y=y, y2=y + rnd.randint(1, 5), m=m, m2=m - 1, d=rnd.randint(1, 28), q=q, r=ROMAN[q - 1]
            )
        )
    return out


def rate(label: str, fn, xs: list[str]) -> None:
    # CPU time as well as wall time: the wall figure swings on a shared machine
    w, c = time.perf_counter(), time.process_time()
    for x in xs:
        fn(x)
    dw, dc = time.perf_counter() - w, time.process_time() - c
    print(f"{label:9} {len(xs):>7} cells: wall {dw:6.3f} s, cpu {dc:6.3f} s = {len(xs) / dc:>10,.0f} cells/s (cpu)")


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    xs = cells(n)
    print(f"{len(set(xs))} distinct cells")
    dates._parse.cache_clear()
    rate("cold", lambda x: dates.parse_time(x, default_year=2026), xs)
    rate("warm", lambda x: dates.parse_time(x, default_year=2026), xs)
    uncached = dates._parse.__wrapped__
    rate("uncached", lambda x: uncached(x, 2026), xs)


if __name__ == "__main__":
    main()
