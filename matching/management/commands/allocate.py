"""`manage.py allocate stable|pairing --input IN.json --output OUT.json` (FORMATS.md).

A thin wrapper around the engine's `formats.run`. Anything wrong with the input ends with exit
status 2 and one line on stderr that names the place (`students[41].preferences[2]: unknown
opportunity "o-9"`); the output is written to a temporary file beside OUT.json and renamed only
on success, so a failed run never leaves a partial or stale output behind.
"""

import os
import sys
import tempfile
from pathlib import Path
from typing import NoReturn

from django.core.management.base import BaseCommand, CommandParser

from matching.engine import FormatError, formats

BAD_INPUT = 2


class Command(BaseCommand):
    help = "Allocate students (stable) or places (pairing) from a JSON file (see FORMATS.md)."
    # Pure computation on files: no database, so no system checks to wait for.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("kind", choices=formats.KINDS)
        parser.add_argument("--input", required=True, type=Path, metavar="IN.json")
        parser.add_argument("--output", required=True, type=Path, metavar="OUT.json")

    def handle(
        self, *args: object, kind: str, input: Path, output: Path, **options: object
    ) -> None:
        self._progress(f"reading {input}")
        try:
            text = input.read_text(encoding="utf-8")
        except UnicodeDecodeError as error:
            self._fail(f"not UTF-8: byte {error.start}: {error.reason}")
        except OSError as error:
            self._fail(f"--input: cannot read {input}: {error.strerror}")
        self._progress(f"allocating ({kind})")
        try:
            result = formats.run(kind, text)
        except FormatError as error:
            self._fail(str(error))
        self._progress(f"writing {output}")
        try:
            _write_atomically(output, formats.dumps(result))
        except OSError as error:
            self._fail(f"--output: cannot write {output}: {error.strerror}")
        self._progress("done\n")

    def _fail(self, line: str) -> NoReturn:
        self.stderr.write(line.replace("\n", " "))
        sys.exit(BAD_INPUT)

    def _progress(self, step: str) -> None:
        """Where it is, for a person watching a long national round; nothing in pipes or logs."""
        if self.stderr.isatty():
            self.stderr.write(f"\r\x1b[K{step}", style_func=str, ending="")
            self.stderr.flush()


def _write_atomically(path: Path, text: str) -> None:
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            file.write(text)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
