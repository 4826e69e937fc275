"""`geomap build` and `geomap render`: write the static map site (thin layer over geomap.site)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click

from ..exc import GeomapError
from ..site import SiteReport, build_site, render_geojson
from ._common import country_option, jobs_option, parse_fields
from ._main import main

#: Exit codes: 0 all inputs built; 1 the site was written but some inputs failed (see stderr);
#: 3 the build failed and the previous site, if any, is untouched. Click uses 2 for usage errors.
EXIT_PARTIAL = 1
EXIT_FAILED = 3


class _BuildFailed(click.ClickException):
    exit_code = EXIT_FAILED


def _check_tiles(tiles: str | None) -> str | None:
    if tiles is None or tiles == "osm" or tiles.startswith(("https://", "http://")):
        return tiles
    raise click.BadParameter(
        f"{tiles!r} is neither 'osm' nor an http(s) tile URL like https://tile.example.org/{{z}}/{{x}}/{{y}}.png",
        param_hint="--tiles",
    )


def _finish(report: SiteReport, as_json: bool) -> None:
    for problem in report.problems:
        click.echo(str(problem), err=True)
    if as_json:
        click.echo(json.dumps(report.to_dict(), indent=2, ensure_ascii=False))
    click.echo(report.summary(), err=True)
    if report.errors:
        click.echo(f"{len(report.errors)} input(s) failed; the site was written without them.", err=True)
        sys.exit(EXIT_PARTIAL)


def _progress_default(progress: bool | None) -> bool:
    return sys.stderr.isatty() if progress is None else progress


def _fail(error: Exception) -> _BuildFailed:
    return _BuildFailed(f"{error}\nNothing was replaced: the output folder is as it was.")


_common_options = [
    click.option("-o", "--output", "out_dir", required=True, type=click.Path(file_okay=False, path_type=Path),
                 help="Folder to write the site into (replaced as a whole when the build succeeds)."),
    click.option("--tiles", metavar="osm|URL", help="Add an online tile layer (default: offline basemap only)."),
    click.option("--single-file", is_flag=True, help="Write one self-contained index.html (no assets/, no sources/)."),
    click.option("--title", default="geomap", show_default=True, help="Title of the map and picture."),
    click.option("--home", type=click.Path(file_okay=False, path_type=Path),
                 help="Gazetteer data home (default: $GEOMAP_HOME, else the user data folder)."),
    click.option("--progress/--no-progress", default=None, help="Progress bars on stderr (default: when a terminal)."),
    click.option("--json", "as_json", is_flag=True, help="Print the build report as JSON on stdout."),
]


def _with_common(func: Any) -> Any:
    for option in reversed(_common_options):
        func = option(func)
    return func


@main.command("build")
@click.argument("inputs", nargs=-1, required=True, type=click.Path(path_type=str))
@_with_common
@click.option("--corrections", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Corrections file (JSON) to apply: pins and blocks.")
@click.option("--field", "fields", multiple=True, metavar="NAME=FIELD",
              help="Map a JSON record field to a document field, e.g. --field body=text. Repeatable.")
@country_option
@jobs_option
def build_command(
    inputs: tuple[str, ...],
    out_dir: Path,
    tiles: str | None,
    single_file: bool,
    title: str,
    home: Path | None,
    progress: bool | None,
    as_json: bool,
    corrections: Path | None,
    fields: tuple[str, ...],
    countries: tuple[str, ...],
    jobs: int,
) -> None:
    """Build the map site from article files, folders or globs.

    Reads every INPUT (.txt, .html, .json, .jsonl, RSS/Atom), finds and resolves the places, groups the
    reports into events and writes index.html, sources/, events.geojson, mentions.geojson, events.csv,
    map.png, map.svg and embed.html into DIR. Inputs that cannot be read are reported on stderr and left
    out; the exit code is then 1. If the build itself fails (exit 3) the old DIR is left as it was.

    \b
    Example:
        geomap build articles/ feed.rss -o site/ --corrections corrections.json
    """
    mapping = parse_fields(fields)
    tiles = _check_tiles(tiles)
    try:
        report = build_site(
            inputs, out_dir, home=home, tiles=tiles, single_file=single_file, corrections=corrections,
            fields=mapping, title=title, progress=_progress_default(progress), countries=countries, jobs=jobs,
        )
    except (GeomapError, OSError, ValueError) as error:
        raise _fail(error) from error
    _finish(report, as_json)


@main.command("render")
@click.argument("events_file", metavar="EVENTS.geojson", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@_with_common
def render_command(
    events_file: Path,
    out_dir: Path,
    tiles: str | None,
    single_file: bool,
    title: str,
    home: Path | None,
    progress: bool | None,
    as_json: bool,
) -> None:
    """Redraw the site from an events GeoJSON (e.g. one you edited by hand), without parsing.

    The file must follow the events.geojson schema (docs/site.md); errors name the feature and field.
    Source pages in the sources/ folder beside the file are copied over.

    \b
    Example:
        geomap render site/events.geojson -o site/
    """
    tiles = _check_tiles(tiles)
    gazetteer = _optional_gazetteer(home)
    try:
        report = render_geojson(
            events_file, out_dir, gazetteer=gazetteer, tiles=tiles, single_file=single_file, title=title,
            progress=_progress_default(progress),
        )
    except (GeomapError, OSError, ValueError) as error:
        raise _fail(error) from error
    finally:
        if gazetteer is not None:
            gazetteer.close()
    _finish(report, as_json)


def _optional_gazetteer(home: Path | None) -> Any:
    """The gazetteer if one is built (for country outlines, areas and rivers); rendering works without."""
    try:
        from gazetteer import Gazetteer

        return Gazetteer.open(home, build=False)
    except Exception as error:  # noqa: BLE001 - any failure just means "render without the gazetteer"
        if home is not None:
            raise click.BadParameter(f"cannot open the gazetteer in {home}: {error}", param_hint="--home") from error
        return None
