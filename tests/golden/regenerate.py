"""Regenerate the golden outputs: `python -m tests.golden.regenerate`, then review `git diff tests/golden`."""

import json
from pathlib import Path

from phuluc.export.json_writer import document_to_json
from phuluc.export.pipeline import convert

HERE = Path(__file__).parent
SAMPLES = HERE.parent.parent / "samples"
CASES = ["ct26-daknong.txt"]


def golden(name: str) -> dict:
    data = document_to_json(convert(SAMPLES / name))
    data["source"].pop("sha256")
    return data


def main() -> None:
    for name in CASES:
        out = HERE / f"{name}.json"
        out.write_text(json.dumps(golden(name), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {out}")


if __name__ == "__main__":
    main()
