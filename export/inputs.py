"""From the INPUT arguments to jobs: which files are converted, and where their outputs go.

Rules, so that a batch over a folder can never hurt the folder or itself:
- a folder is walked recursively and keeps its subfolders under OUT; hidden files are skipped;
- phuluc's own outputs are never inputs (recognised by how they start), and an OUT inside an
  input folder is not walked;
- a symbolic link inside a folder is never followed: one to a file inside the folder adds nothing
  (the file is converted under its own name); one leading outside, a broken one or a loop is
  reported as not followed (a link given as INPUT itself is followed: the user named it);
- devices, FIFOs and sockets are refused as "not a regular file" (never opened: reading a
  FIFO would block the batch);
- a folder that cannot be read is reported, not silently skipped;
- the same file given twice is converted once; two different files that would write the same
  output are a usage error before any work starts; an output that would replace one of the
  inputs, or a file phuluc did not write, is refused for that input.
"""

from __future__ import annotations

import errno
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

from phuluc.export.files import shown
from phuluc.export.jobs import Job, Result
from phuluc.export.stamps import recorded
from phuluc.export.writers import WRITERS, output_path, written_by_phuluc
from phuluc.extract.readers import SUPPORTED

# Reference files that live beside documents in corpora and are not documents themselves.
COMPANION_SUFFIXES = (".gold.json", ".notes.md")


class UsageError(Exception):
    """The inputs cannot be converted as asked, whatever the files hold (exit status 2)."""


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISCHR(mode):
        return "a character device"
    if stat.S_ISBLK(mode):
        return "a block device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a file"


def _stat_error(e: OSError) -> str:
    if e.errno == errno.ELOOP:
        return "symbolic link loop"
    if e.errno == errno.ENOENT:
        return "no such file or folder"
    return f"cannot access: {e.strerror or e}"


def is_inside(path: Path, folder: Path) -> bool:
    try:
        path.relative_to(folder)
        return True
    except ValueError:
        return False


@dataclass
class _Found:
    jobs: list[Job] = field(default_factory=list)
    refused: list[Result] = field(default_factory=list)
    seen: dict[tuple[int, int], Path] = field(default_factory=dict)  # (device, inode) → first name

    def refuse(self, path: Path, reason: str, status: str = "failed") -> None:
        self.refused.append(Result(shown(path), False, reason, status=status))


def _own_output(path: Path) -> bool:
    fmt = path.suffix.lower().lstrip(".")
    return fmt in WRITERS and written_by_phuluc(path, fmt)


def collect(inputs: list[Path], out: Path, formats: tuple[str, ...], resume: bool = False,
            timeout: float = 0, max_memory: int = 0) -> tuple[list[Job], list[Result]]:
    """Expand files and folders into jobs, and the inputs refused with their reason.

    Raises UsageError when two different inputs would write the same output.
    """
    found = _Found()
    out_real = Path(os.path.realpath(out))

    def add(src: Path, st: os.stat_result, rel: Path) -> None:
        key = (st.st_dev, st.st_ino)
        if key in found.seen:
            return  # the same file again (given twice, or through a link): once is enough
        found.seen[key] = src
        found.jobs.append(Job(src, out / rel, formats, resume, timeout, max_memory))

    for inp in inputs:
        try:
            st = os.stat(inp)
        except OSError as e:
            found.refuse(inp, _stat_error(e))
            continue
        if stat.S_ISDIR(st.st_mode):
            root = Path(os.path.realpath(inp))
            _walk(inp, root, Path(), out_real, found, add, {(st.st_dev, st.st_ino)})
        elif stat.S_ISREG(st.st_mode):
            if _own_output(inp):
                found.refuse(inp, "an output of phuluc, not read as an input", status="skipped")
            else:
                add(inp, st, Path(inp.name))
        else:
            found.refuse(inp, f"not a regular file ({_kind(st.st_mode)})")
    _check_names(found, formats)
    return found.jobs, found.refused


def _walk(folder: Path, root: Path, rel: Path, out_real: Path, found: _Found, add, visited: set) -> None:
    try:
        with os.scandir(folder) as it:
            entries = sorted(it, key=lambda e: e.name)
    except OSError as e:
        found.refuse(folder, f"cannot read folder: {e.strerror or e}")
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        path = Path(entry.path)
        wanted = path.suffix.lower() in SUPPORTED and not entry.name.endswith(COMPANION_SUFFIXES)
        try:
            is_link = entry.is_symlink()
            st = os.stat(path)  # follows a link
        except OSError as e:
            if wanted:
                found.refuse(path, ("broken symbolic link" if e.errno == errno.ENOENT and is_link
                                    else _stat_error(e)) + (": not followed" if is_link else ""),
                             status="skipped" if is_link else "failed")
            continue
        if is_link:
            # Never followed: a link to a file or folder inside the input folder adds nothing
            # (the target is converted under its own name); one leading outside is refused.
            if not is_inside(Path(os.path.realpath(path)), root) and (wanted or stat.S_ISDIR(st.st_mode)):
                found.refuse(path, "symbolic link leading outside the input folder: not followed",
                             status="skipped")
            continue
        if stat.S_ISDIR(st.st_mode):
            real = Path(os.path.realpath(path))
            if real == out_real or is_inside(real, out_real) and out_real != root:
                continue  # OUT inside the input folder: its files are outputs, not inputs
            key = (st.st_dev, st.st_ino)
            if key in visited:
                continue  # a link back to a folder being walked
            _walk(path, root, rel / entry.name, out_real, found, add, visited | {key})
        elif wanted:
            if not stat.S_ISREG(st.st_mode):
                found.refuse(path, f"not a regular file ({_kind(st.st_mode)})")
            elif not _own_output(path):
                add(path, st, rel / entry.name)


def _check_names(found: _Found, formats: tuple[str, ...]) -> None:
    """Never a silent overwrite: no two inputs on one output, no output over an input or a user's file."""
    by_output: dict[Path, Job] = {}
    clashes: list[str] = []
    for job in found.jobs:
        key = Path(os.path.abspath(job.out_base))
        first = by_output.setdefault(key, job)
        if first is not job:
            clashes.append(f"{shown(first.src)} and {shown(job.src)} would both write "
                           f"{shown(output_path(job.out_base, formats[0]))}")
    if clashes:
        more = f" (and {len(clashes) - 3} more)" if len(clashes) > 3 else ""
        raise UsageError("; ".join(clashes[:3]) + more
                         + "; give them in separate runs with different -o, or give their common folder")
    inputs = set(found.seen)
    kept = []
    for job in found.jobs:
        reason = ""
        for f in formats:
            target = output_path(job.out_base, f)
            try:
                st = os.stat(target)
            except OSError:
                continue
            if (st.st_dev, st.st_ino) in inputs:
                reason = f"its output {shown(target)} would replace an input file; choose another -o"
            elif not written_by_phuluc(target, f) and not _stamped(job, f):
                reason = f"{shown(target)} exists and was not written by phuluc: not overwritten"
            if reason:
                break
        if reason:
            found.refuse(job.src, reason)
        else:
            kept.append(job)
    found.jobs = kept


def _stamped(job: Job, fmt: str) -> bool:
    """An output of a format without a signature, recorded in the input's resume stamp."""
    return fmt in recorded(job.out_base)
