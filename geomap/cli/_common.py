"""Options and helpers the geomap commands share; library errors become click errors here."""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

import click

if TYPE_CHECKING:
    from gazetteer import Gazetteer

    from ..ingest import InputProblem

F = TypeVar("F", bound=Callable[..., Any])

home_option = click.option(
    "--home",
    type=click.Path(file_okay=False),
    envvar="GEOMAP_HOME",
    help="Gazetteer data home (default: $GEOMAP_HOME, else the platform's user data folder).",
)


def _country_codes(ctx: click.Context, param: click.Parameter, value: tuple[str, ...]) -> tuple[str, ...]:
    from ..parse import country_codes

    try:
        return country_codes(value)
    except ValueError as error:
        raise click.BadParameter(str(error), ctx=ctx, param=param) from error


country_option = click.option(
    "--country",
    "countries",
    multiple=True,
    metavar="CC",
    callback=_country_codes,
    help="ISO code of a country the articles are about (SY, IQ): close calls go to its places. Repeatable.",
)


def _jobs(ctx: click.Context, param: click.Parameter, value: int) -> int:
    from ..workers import available_cores

    return value or available_cores()


jobs_option = click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=0),
    default=1,
    show_default=True,
    metavar="N",
    callback=_jobs,
    help="Parse in N worker processes (0: one per core); the output is the same, in the same order.",
)

fields_option = click.option(
    "--field",
    "fields",
    multiple=True,
    metavar="NAME=FIELD",
    help="Map a JSON record field to a document field, e.g. --field body=text. Repeatable.",
)


def parse_fields(pairs: Sequence[str]) -> dict[str, str] | None:
    """Turn ``("body=text",)`` into ``{"body": "text"}``; a malformed pair is a usage error."""
    mapping: dict[str, str] = {}
    for pair in pairs:
        name, sep, target = pair.partition("=")
        if not sep or not name.strip() or not target.strip():
            raise click.BadParameter(f"{pair!r} is not NAME=FIELD, e.g. body=text or headline=title", param_hint="--field")
        mapping[name.strip()] = target.strip()
    return mapping or None


def open_gazetteer(home: str | None) -> Gazetteer:
    """Open (building on first use) the gazetteer, with a progress bar; errors become click errors."""
    from gazetteer import Gazetteer, GazetteerError

    try:
        return Gazetteer.open(home, build=True, progress=sys.stderr.isatty())
    except GazetteerError as exc:
        raise click.ClickException(str(exc)) from exc


def report_problem(problem: InputProblem) -> bool:
    """Print an input problem on standard error; True when it is an error (not a warning)."""
    severity = str(getattr(problem.severity, "value", problem.severity))
    where = problem.path + (f", line {problem.line}" if problem.line else "")
    click.echo(f"{severity}: {where}: {problem.message}", err=True)
    return severity == "error"
