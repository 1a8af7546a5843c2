"""Resume stamps: what phuluc wrote for an input, so ``--resume`` knows what it may skip.

Beside the outputs of X.pdf, a hidden ``.X.pdf.phuluc`` records the input's sha256, the
phuluc version, the sha256 of each ``--gazetteer`` file used and the sha256 of every output
written. An input is skipped only when the stamp matches all of them for every format asked
for: resume works for any ``--format`` set, an output edited or truncated since is made again,
and a new phuluc version (which may read the file better) or other gazetteer files (which name
bodies differently) convert everything again.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from phuluc import __version__
from phuluc.export.files import write_atomic
from phuluc.export.writers import WRITERS, output_path

NAME_MAX = 255  # bytes in one file name on the usual file systems


def sha256_of(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def stamp_path(out_base: Path) -> Path:
    name = f".{out_base.name}.phuluc"
    if len(os.fsencode(name)) > NAME_MAX:  # the outputs' names fit, the stamp's must too
        name = f".{hashlib.sha1(os.fsencode(out_base.name)).hexdigest()}.phuluc"
    return out_base.with_name(name)


def _load(out_base: Path) -> dict:
    try:
        stamp = json.loads(stamp_path(out_base).read_text(encoding="utf-8"))
        return stamp if isinstance(stamp, dict) and isinstance(stamp.get("outputs"), dict) else {}
    except (OSError, ValueError):
        return {}


def recorded(out_base: Path) -> set[str]:
    """Formats whose output phuluc wrote for this input, edited since or not: running again
    replaces them (that is what running again means); a file phuluc never wrote it keeps."""
    return set(_load(out_base).get("outputs", {}))


def intact(out_base: Path, sha: str, gazetteer: list[str] | None = None) -> dict[str, str]:
    """Outputs made from an input with this sha256 by this phuluc version with these gazetteer
    files (their sha256, in order), still as written."""
    stamp = _load(out_base)
    if stamp.get("phuluc") != __version__ or stamp.get("sha256") != sha:
        return {}
    if stamp.get("gazetteer", []) != (gazetteer or []):
        return {}
    return {f: h for f, h in stamp["outputs"].items() if f in WRITERS and _same(output_path(out_base, f), h)}


def _same(path: Path, sha: object) -> bool:
    try:
        return sha256_of(path) == sha
    except OSError:
        return False


def write(out_base: Path, sha: str, outputs: dict[str, str], gazetteer: list[str] | None = None) -> None:
    body = {"phuluc": __version__, "sha256": sha, "outputs": dict(sorted(outputs.items()))}
    if gazetteer:
        body["gazetteer"] = gazetteer
    # Not synced: written after its outputs were, so a stamp lost in a crash only means converting again.
    write_atomic(stamp_path(out_base), (json.dumps(body) + "\n").encode("utf-8"), durable=False)
