"""Build the static map site from articles (or re-render it from an events GeoJSON), written atomically.

A build reads the inputs, parses each document, groups the reports into events and writes, into a
temporary folder beside the output folder::

    index.html        the interactive map (geomap.render.webmap)
    assets/           Leaflet and friends, unless single_file
    sources/<id>.html each article with its place names highlighted, unless single_file
    events.geojson    one Feature per event (schema in docs/site.md); `geomap render` reads it back
    mentions.geojson  one Feature per resolved place mention
    events.csv        one row per event
    map.png, map.svg  a static picture of the events (A4 width)
    embed.html        the <iframe> snippet to paste into a report, unless single_file
    .geomap-site.json marks the folder as a geomap site, so a later build may replace it

Only when everything is written is the old folder renamed aside, the new one renamed in, and the old
one removed; a build that fails leaves whatever was there untouched.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import shutil
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, TypeVar

from . import __version__
from .exc import BuildError, GeomapError
from .model import Document, Event, ParsedDocument
from .render.embed import write_embed
from .render.geojson import read_events_geojson, write_events_csv, write_events_geojson, write_mentions_geojson
from .render.pages import SOURCES_DIR, page_filename, page_href, write_source_pages
from .render.picture import write_picture
from .render.webmap import write_index
from .workers import PARSE_ERRORS, checked_jobs, parse_outcomes

__all__ = [
    "MARKER",
    "BuildProblem",
    "SiteReport",
    "atomic_directory",
    "build_site",
    "render_geojson",
    "render_site",
]

#: The file that marks a folder as a geomap site; a build only replaces folders that carry it (or are empty).
MARKER = ".geomap-site.json"

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class BuildProblem:
    """Something that went wrong with one input during a build; the rest of the batch still builds.

    ``stage`` is ``ingest`` or ``parse``; ``severity`` is ``error`` (the input is left out)
    or ``warning`` (it is in, with a caveat).
    """

    path: str
    message: str
    severity: str = "error"
    stage: str = "ingest"
    line: int | None = None

    def __post_init__(self) -> None:
        if self.severity not in ("error", "warning"):
            raise ValueError(f"problem severity {self.severity!r} is not one of: error, warning")
        if self.stage not in ("ingest", "parse"):
            raise ValueError(f"problem stage {self.stage!r} is not one of: ingest, parse")

    def __str__(self) -> str:
        where = self.path if self.line is None else f"{self.path}, line {self.line}"
        return f"{where}: {self.severity}: {self.message}"

    def to_dict(self) -> dict[str, Any]:
        return {"path": self.path, "line": self.line, "severity": self.severity, "stage": self.stage,
                "message": self.message}


@dataclass(frozen=True, slots=True)
class SiteReport:
    """What a build did: counts, the problems met, and the files written (relative to ``out_dir``)."""

    out_dir: Path
    documents: int
    events: int
    located: int
    problems: tuple[BuildProblem, ...] = ()
    files: tuple[str, ...] = ()
    seconds: float = 0.0
    single_file: bool = False

    @property
    def errors(self) -> tuple[BuildProblem, ...]:
        """The problems that left an input out of the site."""
        return tuple(p for p in self.problems if p.severity == "error")

    @property
    def ok(self) -> bool:
        """True when no input failed (warnings allowed)."""
        return not self.errors

    def summary(self) -> str:
        """One line for people: counts and where the site is."""
        text = (
            f"{self.documents} document{'s' * (self.documents != 1)} -> {self.events} "
            f"event{'s' * (self.events != 1)} ({self.located} on the map); {len(self.files)} files in {self.out_dir}"
        )
        errors, warnings = len(self.errors), len(self.problems) - len(self.errors)
        if errors or warnings:
            text += f"; {errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}"
        return text

    def to_dict(self) -> dict[str, Any]:
        """The stable JSON form printed by ``geomap build --json``."""
        return {
            "out_dir": str(self.out_dir),
            "documents": self.documents,
            "events": self.events,
            "located": self.located,
            "problems": [p.to_dict() for p in self.problems],
            "files": list(self.files),
            "seconds": round(self.seconds, 3),
            "single_file": self.single_file,
        }


# --------------------------------------------------------------------------- atomic folder swap


def _replaceable(target: Path) -> None:
    if not target.exists() and not target.is_symlink():
        return
    if not target.is_dir():
        raise BuildError(f"output {target} exists and is not a folder; choose a folder path with -o")
    entries = [entry.name for entry in target.iterdir()]
    if not entries or MARKER in entries or all(name.startswith(".") for name in entries):
        return
    raise BuildError(
        f"output folder {target} is not empty and was not written by geomap (it has no {MARKER}); "
        "a build replaces the whole folder, so choose a new or empty folder, or delete this one first"
    )


def _carry_hidden(old: Path, new: Path) -> None:
    """Keep the old folder's own dot-files (``.gitkeep``, ``.htaccess``) in the new one."""
    if not old.is_dir():
        return
    for entry in old.iterdir():
        if not entry.name.startswith(".") or entry.name == MARKER or (new / entry.name).exists():
            continue
        if entry.is_dir() and not entry.is_symlink():
            shutil.copytree(entry, new / entry.name, symlinks=True)
        else:
            shutil.copy2(entry, new / entry.name, follow_symlinks=False)


@contextlib.contextmanager
def atomic_directory(target: str | os.PathLike[str]) -> Iterator[Path]:
    """Yield an empty folder beside ``target``; on success it replaces ``target``, on error it is removed.

    The swap is two renames on one file system (old aside, new in) and then the old folder is deleted;
    if the second rename fails the old folder is put back. ``target`` must be absent, empty, hold only
    dot-files, or carry :data:`MARKER` (written here, so a later build may replace the folder) — anything
    else raises :class:`BuildError` rather than deleting someone's files.
    """
    final = Path(os.path.abspath(target))
    _replaceable(final)
    parent = final.parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
        # mkdir (unlike mkdtemp) honours the umask, so the published folder gets normal permissions.
        staging = parent / f".{final.name}.building-{secrets.token_hex(4)}"
        staging.mkdir()
    except OSError as error:
        raise BuildError(f"cannot create a build folder beside {final}: {error.strerror or error}") from error
    try:
        yield staging
        _carry_hidden(final, staging)
        (staging / MARKER).write_text(json.dumps({"generator": f"geomap {__version__}"}) + "\n", encoding="utf-8")
        if final.exists() or final.is_symlink():
            aside = parent / f".{final.name}.old-{secrets.token_hex(4)}"
            os.rename(final, aside)
            try:
                os.rename(staging, final)
            except BaseException:
                os.rename(aside, final)
                raise
            if aside.is_symlink():  # the site was a link to a folder: drop the link, leave what it pointed at
                aside.unlink()
            else:
                shutil.rmtree(aside, ignore_errors=True)
        else:
            os.rename(staging, final)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


# --------------------------------------------------------------------------- writing a site


def _progress(items: Iterable[T], label: str, enabled: bool,
              length: int | None = None) -> contextlib.AbstractContextManager[Iterable[T]]:
    if not enabled:
        return contextlib.nullcontext(items)
    import click

    return click.progressbar(items, length=length, label=label, file=sys.stderr, show_pos=True)


def _with_pages(events: Sequence[Event], pages: Mapping[str, str]) -> list[Event]:
    """Events whose sources link to the pages actually written (``pages``: source id -> link), else none."""
    fixed = []
    for event in events:
        sources = tuple(replace(s, page=pages.get(s.id)) for s in event.sources)
        fixed.append(event if sources == event.sources else replace(event, sources=sources))
    return fixed


def _write_all(
    staging: Path,
    events: Sequence[Event],
    parsed: Sequence[ParsedDocument],
    *,
    tiles: str | None,
    gazetteer: Any,
    single_file: bool,
    title: str,
    copy_pages: Callable[[Path], Mapping[str, str]] | None,
    progress: bool,
) -> list[str]:
    """Write every file of the site into ``staging``; returns their paths relative to it."""
    pages: dict[str, str] = {}
    if not single_file:
        if parsed:
            event_of = {source.id: event.id for event in events for source in event.sources}
            write_source_pages(parsed, staging, event_ids=event_of)
            pages.update({p.document.id: page_href(p.document.id) for p in parsed})
        if copy_pages is not None:
            pages.update(copy_pages(staging))
    final_events = _with_pages(events, pages)

    steps: list[Callable[[], object]] = [
        lambda: write_index(
            final_events, staging, tiles=tiles, gazetteer=gazetteer, single_file=single_file, title=title
        ),
        lambda: write_events_geojson(final_events, staging / "events.geojson"),
        # Re-rendered sites have no parsed documents: their mentions come from the events' records.
        lambda: write_mentions_geojson(parsed, staging / "mentions.geojson", events=() if parsed else final_events),
        lambda: write_events_csv(final_events, staging / "events.csv"),
        lambda: write_picture(final_events, staging, gazetteer=gazetteer, title=title),
    ]
    if not single_file:
        steps.append(lambda: write_embed(staging, title=title))
    with _progress(steps, "Writing site", progress) as bar:
        for step in bar:
            step()
    return sorted(p.relative_to(staging).as_posix() for p in staging.rglob("*") if p.is_file())


def _report(
    out_dir: str | os.PathLike[str], documents: int, events: Sequence[Event], problems: Sequence[BuildProblem],
    files: Sequence[str], started: float, single_file: bool,
) -> SiteReport:
    return SiteReport(
        out_dir=Path(os.path.abspath(out_dir)),
        documents=documents,
        events=len(events),
        located=sum(1 for e in events if e.location is not None),
        problems=tuple(problems),
        files=tuple(files),
        seconds=time.perf_counter() - started,
        single_file=single_file,
    )


def render_site(
    events: Sequence[Event],
    out_dir: str | os.PathLike[str],
    *,
    parsed: Sequence[ParsedDocument] = (),
    gazetteer: Any = None,
    tiles: str | None = None,
    single_file: bool = False,
    title: str = "geomap",
    progress: bool = False,
) -> SiteReport:
    """Write a site for ready-made ``events`` (and the ``parsed`` documents behind them, for source pages)."""
    started = time.perf_counter()
    with atomic_directory(out_dir) as staging:
        files = _write_all(
            staging, events, parsed, tiles=tiles, gazetteer=gazetteer, single_file=single_file, title=title,
            copy_pages=None, progress=progress,
        )
    return _report(out_dir, len(parsed), events, (), files, started, single_file)


def render_geojson(
    path: str | os.PathLike[str],
    out_dir: str | os.PathLike[str],
    *,
    gazetteer: Any = None,
    tiles: str | None = None,
    single_file: bool = False,
    title: str = "geomap",
    progress: bool = False,
) -> SiteReport:
    """Redraw a site from an ``events.geojson`` (possibly edited by hand), without parsing anything.

    Source pages cannot be rebuilt without the articles, so the ones in ``sources/`` beside the GeoJSON
    are copied over; sources whose page is not there lose their page link (their original URL stays).
    """
    started = time.perf_counter()
    events = read_events_geojson(path)
    pages_dir = Path(path).resolve().parent / SOURCES_DIR

    def copy_pages(staging: Path) -> dict[str, str]:
        found: dict[str, str] = {}
        for event in events:
            for source in event.sources:
                name = page_filename(source.id)
                page = pages_dir / name
                if source.id not in found and page.is_file():
                    (staging / SOURCES_DIR).mkdir(exist_ok=True)
                    shutil.copy2(page, staging / SOURCES_DIR / name)
                    found[source.id] = page_href(source.id)
        return found

    with atomic_directory(out_dir) as staging:
        files = _write_all(
            staging, events, (), tiles=tiles, gazetteer=gazetteer, single_file=single_file, title=title,
            copy_pages=copy_pages, progress=progress,
        )
    documents = len({s.id for e in events for s in e.sources})
    return _report(out_dir, documents, events, (), files, started, single_file)


# --------------------------------------------------------------------------- the whole pipeline


def _as_problem(item: Any, stage: str) -> BuildProblem:
    severity = getattr(item, "severity", "error")
    return BuildProblem(
        path=str(getattr(item, "path", "") or "<input>"),
        message=str(getattr(item, "message", item)),
        severity=str(getattr(severity, "value", severity)),
        stage=stage,
        line=getattr(item, "line", None),
    )


def _read(
    inputs: Iterable[str | os.PathLike[str]], fields: Mapping[str, str] | None
) -> tuple[list[Document], list[BuildProblem]]:
    """Documents (ids already unique: ingest renames repeats) and the problems met reading them."""
    from .ingest import iter_documents

    documents: list[Document] = []
    problems: list[BuildProblem] = []
    for item in iter_documents(inputs, fields=fields):
        if isinstance(item, Document):
            documents.append(item)
        else:
            problems.append(_as_problem(item, "ingest"))
    return documents, problems


def _open_gazetteer(home: str | os.PathLike[str] | None, progress: bool) -> Any:
    from gazetteer import Gazetteer, GazetteerError

    try:
        return Gazetteer.open(home, build=True, progress=progress)
    except (GazetteerError, OSError) as error:
        raise BuildError(f"cannot open the gazetteer (home {home or 'default'}): {error}") from error


def build_site(
    inputs: Iterable[str | os.PathLike[str]],
    out_dir: str | os.PathLike[str],
    *,
    gazetteer: Any = None,
    home: str | os.PathLike[str] | None = None,
    tiles: str | None = None,
    single_file: bool = False,
    corrections: Any = None,
    fields: Mapping[str, str] | None = None,
    title: str = "geomap",
    progress: bool = False,
    countries: Iterable[str] = (),
    jobs: int = 1,
) -> SiteReport:
    """Read ``inputs``, parse them, group events and write the site to ``out_dir`` atomically.

    ``gazetteer`` is an open :class:`gazetteer.Gazetteer`; without one, the gazetteer in ``home`` (or the
    default data home) is opened and closed again. ``countries`` are the countries the articles are
    about (see :func:`geomap.parse`); ``jobs`` above 1 parses in that many worker processes (see
    :mod:`geomap.workers`), with the same result. ``corrections`` is a corrections file path or a loaded
    :class:`geomap.corrections.Corrections`. Bad inputs become ``problems`` in the report and the rest
    still builds; :class:`BuildError` means nothing was replaced.
    """
    from .events import group_events
    from .parse import collector_paused, country_codes

    codes = country_codes(countries)
    checked_jobs(jobs)
    started = time.perf_counter()
    _replaceable(Path(os.path.abspath(out_dir)))  # refuse a foreign folder now, not after parsing everything
    rules = None
    if corrections is not None:
        from .corrections import Corrections, apply_corrections, load_corrections

        rules = corrections if isinstance(corrections, Corrections) else load_corrections(corrections)
    documents, problems = _read(inputs, fields)

    owned = gazetteer is None
    gz = _open_gazetteer(home, progress) if owned else gazetteer
    try:
        parsed: list[ParsedDocument] = []
        outcomes = parse_outcomes(documents, gz, jobs=jobs, demonyms=False, countries=codes)
        with _progress(outcomes, "Parsing", progress, len(documents)) as bar, collector_paused() as pause:
            for doc, result in bar:
                pause.document_done()
                if isinstance(result, Exception) and not isinstance(result, PARSE_ERRORS):
                    raise result  # a bug that stops the batch, as in one process
                if rules is not None and not isinstance(result, Exception):
                    try:
                        result = apply_corrections(result, rules, gazetteer=gz)
                    except PARSE_ERRORS as error:
                        result = error
                if isinstance(result, GeomapError):
                    problems.append(BuildProblem(doc.path or doc.id, f"cannot parse: {result}", stage="parse"))
                    continue
                if isinstance(result, Exception):
                    # A bug tripped by one odd article must not sink the batch; report it and go on.
                    problems.append(BuildProblem(
                        doc.path or doc.id, f"parser failed ({type(result).__name__}: {result}); please report it",
                        stage="parse",
                    ))
                    continue
                problems.extend(
                    BuildProblem(doc.path or doc.id, message, severity="warning", stage="parse")
                    for message in result.errors
                )
                parsed.append(result)
        events = group_events(parsed, corrections=rules, gazetteer=gz)
        with atomic_directory(out_dir) as staging:
            files = _write_all(
                staging, events, parsed, tiles=tiles, gazetteer=gz, single_file=single_file, title=title,
                copy_pages=None, progress=progress,
            )
    finally:
        if owned and gz is not None:
            gz.close()
    return _report(out_dir, len(documents), events, problems, files, started, single_file)

