"""``python -m phuluc`` is the ``phuluc`` command."""

from phuluc.export.cli import run

run()
