"""The README's library and dataset examples run as written."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT, SAMPLES

SECTIONS = ("## Library", "## Dataset", "## Calendar")
BLOCK = re.compile(r"^```(\w+)\n(.*?)^```", re.M | re.S)


def _examples() -> list[tuple[str, str]]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    chunks = re.split(r"^(?=## )", readme, flags=re.M)
    return [(m.group(1), m.group(2)) for chunk in chunks if chunk.startswith(SECTIONS)
            for m in BLOCK.finditer(chunk)]


def test_readme_examples_run(tmp_path: Path, monkeypatch, capsys):
    examples = _examples()
    assert sum(lang == "python" for lang, _ in examples) >= 4
    assert any(lang == "sh" for lang, _ in examples)
    shutil.copytree(SAMPLES, tmp_path / "samples")
    monkeypatch.chdir(tmp_path)
    env = dict(os.environ, PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}")
    for lang, code in examples:
        if lang == "python":
            exec(compile(code, "README.md", "exec"), {"__name__": "__readme__"})  # noqa: S102
        elif lang == "sh":
            for line in code.splitlines():
                argv = shlex.split(line, comments=True)
                if argv:
                    done = subprocess.run(argv, cwd=tmp_path, env=env, capture_output=True, text=True)
                    assert done.returncode == 0, f"{line}\n{done.stderr}"
    assert (tmp_path / "ds" / "datapackage.json").exists()
    assert "tasks in" in capsys.readouterr().out
