"""The ``geomap eval`` command: score the geoparser on gold JSONL files (mirrors geomap.evaluate)."""

from __future__ import annotations

import itertools
import json
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import click

from ..exc import GeomapError
from ..model import Document, ParsedDocument
from ._common import country_option
from ._main import main

__all__ = ["eval_command"]


def _open_parser(
    home: Path | None, *, demonyms: bool = False, countries: tuple[str, ...] = ()
) -> tuple[Callable[[Document], ParsedDocument], Callable[[], None]]:
    """The parse function bound to the gazetteer at ``home``, and a function closing it."""
    from gazetteer import Gazetteer

    from ..parse import parse

    gz = Gazetteer.open(home, progress=True)

    def parse_fn(doc: Document) -> ParsedDocument:
        return parse(doc, gazetteer=gz, demonyms=demonyms, countries=countries)

    return parse_fn, gz.close


@main.command("eval")
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print stable JSON instead of a table.")
@click.option("--limit", type=click.IntRange(min=1), default=None, help="Score only the first N documents of each file.")
@click.option(
    "--home",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Gazetteer data home (default: $GEOMAP_HOME, else the user data folder).",
)
@click.option("--errors", "n_errors", type=click.IntRange(min=0), default=0, help="Also list the N worst cases per file.")
@click.option("--demonyms", is_flag=True,
              help='Count adjectives and plural nouns of nationality ("American", "Americans") and of a '
                   'state\'s or region\'s people ("Texans") as mentions, as LGL\'s annotation does.')
@country_option
def eval_command(files: tuple[Path, ...], as_json: bool, limit: int | None, home: Path | None, n_errors: int,
                 demonyms: bool, countries: tuple[str, ...]) -> None:
    """Score the geoparser on gold-annotated JSONL files (gzipped or plain).

    Prints recognition P/R/F1, resolution acc@161 (all and matched only), AUC, mean and
    median error, event acc@25/161, focus share and speed; definitions in docs/evaluation.md.

    \b
    Example:
        geomap eval ../shared/eval/dev/lgl.jsonl.gz --limit 100 --errors 10
    """
    from .. import evaluate as ev

    try:
        parse_fn, close = _open_parser(home, demonyms=demonyms, countries=countries)
    except ImportError as exc:
        raise click.ClickException(f"the geoparser is not available ({exc}); reinstall geomap") from exc
    except (GeomapError, OSError, ValueError, KeyError) as exc:
        raise click.ClickException(f"cannot open the gazetteer: {exc}") from exc

    reports = []
    try:
        for path in files:
            gold: Iterator[ev.GoldDocument] = ev.load_gold(path)
            if limit is not None:
                gold = itertools.islice(gold, limit)
            name = os.path.basename(path)
            for suffix in (".gz", ".jsonl", ".json"):
                name = name.removesuffix(suffix)
            try:
                reports.append(ev.evaluate(gold, parse_fn, progress=not as_json, name=name))
            except GeomapError as exc:
                raise click.ClickException(str(exc)) from exc
    finally:
        close()

    if as_json:
        payload: dict[str, Any] = {"files": []}
        for path, report in zip(files, reports):
            entry: dict[str, Any] = {"file": str(path), "report": report.to_dict()}
            if n_errors:
                entry["worst"] = [t.to_dict() for t in report.worst(n_errors)]
                entry["missed"] = [{"name": n, "count": c} for n, c in report.missed_names(n_errors)]
                entry["false_positives"] = [{"text": t, "count": c} for t, c in report.false_positive_names(n_errors)]
            payload["files"].append(entry)
        click.echo(json.dumps(payload, indent=2, ensure_ascii=False))
        return
    click.echo(ev.format_table(reports))
    if n_errors:
        for report in reports:
            click.echo()
            click.echo(ev.format_errors(report, n_errors))
