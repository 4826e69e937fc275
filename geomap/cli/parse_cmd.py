"""``geomap parse``: the geoparser on files, folders and globs, as text, JSON or JSON Lines."""

from __future__ import annotations

import json
import os
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

import click

from ..ingest import InputProblem, iter_documents
from ..model import Document, ParsedDocument
from ..parse import parse_documents
from ._common import (
    country_option,
    fields_option,
    home_option,
    jobs_option,
    open_gazetteer,
    parse_fields,
    report_problem,
)
from ._main import main


@main.command("parse")
@click.argument("paths", nargs=-1, required=True)
@click.option("--json", "as_json", is_flag=True, help="Print one JSON array of parsed documents.")
@click.option("--jsonl", "as_jsonl", is_flag=True, help="Print one JSON object per line (streams).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write to FILE (atomically) instead of standard output.")
@click.option("--demonyms", is_flag=True,
              help='Count adjectives and plural nouns of nationality ("Syrian", "Syrians") and of a state\'s '
                   'or region\'s people ("Texans") as mentions.')
@country_option
@jobs_option
@click.option("--progress/--no-progress", default=None,
              help="A progress bar on stderr (default: when stderr is a terminal and the output is not).")
@home_option
@fields_option
def parse_command(paths: tuple[str, ...], as_json: bool, as_jsonl: bool, output: Path | None, demonyms: bool,
                  countries: tuple[str, ...], jobs: int, progress: bool | None, home: str | None,
                  fields: tuple[str, ...]) -> None:
    """Find, resolve and locate the places in articles.

    PATHS are files (.txt, .html, .json, .jsonl, .rss/.atom, optionally .gz), folders or globs.
    Unreadable files are reported on standard error and the rest goes on; the exit code is 1 when
    any file failed. The JSON schema is in the README ("Parse output").

    \b
    Examples:
        geomap parse articles/ --jsonl -o parsed.jsonl
        geomap parse story.txt
        geomap parse reports/ --country SY --country IQ --jsonl
        geomap parse archive/ --jobs 0 --jsonl -o parsed.jsonl
    """
    if as_json and as_jsonl:
        raise click.UsageError("choose one of --json and --jsonl")
    gz = open_gazetteer(home)
    failed = False

    def readable() -> Iterator[Document]:
        nonlocal failed
        for item in iter_documents(paths, fields=parse_fields(fields)):
            if isinstance(item, InputProblem):
                failed |= report_problem(item)
                continue
            assert isinstance(item, Document)
            yield item

    def documents() -> Iterator[ParsedDocument]:
        parsed = parse_documents(readable(), gazetteer=gz, demonyms=demonyms, countries=countries, jobs=jobs)
        return _counted(parsed) if _shows_progress(progress, output) else parsed

    with _sink(output) as out:
        if as_jsonl:
            for parsed in documents():
                out.write(json.dumps(parsed.to_dict(), ensure_ascii=False) + "\n")
        elif as_json:
            out.write("[")
            for n, parsed in enumerate(documents()):
                out.write(("," if n else "") + "\n" + json.dumps(parsed.to_dict(), ensure_ascii=False))
            out.write("\n]\n")
        else:
            for parsed in documents():
                out.write(_human(parsed))
    if failed:
        raise SystemExit(1)


def _shows_progress(progress: bool | None, output: Path | None) -> bool:
    if progress is not None:
        return progress
    # A bar on a terminal would tangle with the parses printed to the same terminal.
    return sys.stderr.isatty() and (output is not None or not sys.stdout.isatty())


def _counted(parsed: Iterator[ParsedDocument]) -> Iterator[ParsedDocument]:
    """``parsed``, counted on a progress bar on stderr (the number of documents is not known ahead)."""
    with click.progressbar(parsed, label="Parsing", file=sys.stderr, show_pos=True) as bar:
        yield from bar


class _sink:
    """Standard output, or a file written aside and renamed into place so a failure loses nothing."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.tmp: Any = None

    def __enter__(self) -> IO[str]:
        if self.path is None:
            return sys.stdout
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.tmp = tempfile.NamedTemporaryFile(
            "w", encoding="utf-8", dir=self.path.parent, prefix=f".{self.path.name}.", delete=False
        )
        return self.tmp  # type: ignore[no-any-return]

    def __exit__(self, exc_type: object, exc: object, tb: object) -> None:
        if self.tmp is None:
            return
        self.tmp.close()
        if exc_type is None:
            os.replace(self.tmp.name, self.path)  # type: ignore[arg-type]
        else:
            os.unlink(self.tmp.name)


def _human(parsed: ParsedDocument) -> str:
    doc = parsed.document
    lines = [f"{doc.path or doc.id}: {doc.title or '(no title)'}"]
    if parsed.event is not None:
        e = parsed.event
        lines.append(f"  event: {e.place.name} ({e.place.country or '-'}) {e.place.lat:.4f}, {e.place.lon:.4f}"
                     f"  precision={e.precision.value} confidence={e.confidence:.2f}")
    else:
        lines.append("  event: none found")
    for m in parsed.mentions:
        where = f"{m.place.name} [{m.place.id}] {m.place.lat:.4f}, {m.place.lon:.4f}" if m.place else "unresolved"
        lines.append(f"  {m.start:>6}  {m.text:<24} {m.role.value:<9} {m.confidence:.2f}  {where}")
    for err in parsed.errors:
        lines.append(f"  warning: {err}")
    return "\n".join(lines) + "\n\n"
