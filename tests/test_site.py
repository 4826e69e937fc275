"""build_site / render_site / render_geojson: every output written, atomically, and bad inputs reported."""

from __future__ import annotations

import datetime as dt
import json
import os
from html.parser import HTMLParser
from pathlib import Path

import pytest

import geomap.site
from gazetteer import Place
from geomap.exc import BuildError
from geomap.model import Document, Event, EventLocation, Mention, ParsedDocument, Precision, Role, Source
from geomap.render.geojson import read_events_geojson
from geomap.site import MARKER, atomic_directory, build_site, render_geojson, render_site
from tests.samples import sample_gazetteer

MOSUL = Place(id="custom:mosul", name="Mosul", lat=36.34, lon=43.13, country="IQ")  # not in samples: any place does
DATA_FILES = {"index.html", "events.geojson", "mentions.geojson", "events.csv", "map.png", "map.svg"}


def _parsed(doc_id: str, text: str = "MOSUL, Iraq — The river rose in Mosul overnight.") -> ParsedDocument:
    start = text.index("Mosul")
    mention = Mention("Mosul", start, start + 5, Role.FOCUS, 0.9, MOSUL)
    doc = Document(id=doc_id, text=text, title=f"Flood report {doc_id}", url=f"https://news.example/{doc_id}",
                   published=dt.date(2024, 4, 2), path=f"in/{doc_id}.txt")
    return ParsedDocument(doc, (mention,), EventLocation(MOSUL, Precision.POINT, 0.9, 0))


def _event(parsed: list[ParsedDocument], event_id: str = "ev1") -> Event:
    sources = tuple(Source(id=p.document.id, title=p.document.title, url=p.document.url,
                           page=f"sources/{p.document.id}.html") for p in parsed)
    mentions = tuple({"text": m.text, "role": m.role.value, "place": m.place.to_dict() if m.place else None,
                      "source": p.document.id} for p in parsed for m in p.mentions)
    return Event(id=event_id, title="Flood in Mosul", date_start=dt.date(2024, 4, 1),
                 location=parsed[0].event, sources=sources, mentions=mentions)


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _leftovers(parent: Path) -> list[str]:
    return [p.name for p in parent.iterdir() if ".building-" in p.name or ".old-" in p.name]


# --------------------------------------------------------------------------- atomic swap


def test_a_new_build_replaces_the_old_site_and_keeps_its_dotfiles(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    (site / ".gitkeep").write_text("")
    with atomic_directory(site) as staging:
        (staging / "a.txt").write_text("first")
    assert (site / "a.txt").read_text() == "first" and (site / ".gitkeep").exists()
    with atomic_directory(site) as staging:
        (staging / "b.txt").write_text("second")
    assert sorted(p.name for p in site.iterdir()) == [".geomap-site.json", ".gitkeep", "b.txt"]  # a.txt went
    assert _leftovers(tmp_path) == []


def test_a_failed_build_leaves_the_previous_site_intact(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    parsed = [_parsed("a1")]
    site = tmp_path / "site"
    render_site([_event(parsed)], site, parsed=parsed)
    before = _snapshot(site)

    def broken(*args: object, **kwargs: object) -> list[Path]:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(geomap.site, "write_picture", broken)  # fails after index, pages and GeoJSON are written
    with pytest.raises(OSError, match="No space left"):
        render_site([_event(parsed, "ev-new")], site, parsed=parsed, title="Second try")
    assert _snapshot(site) == before
    assert _leftovers(tmp_path) == []


def test_the_old_site_is_put_back_when_the_new_one_cannot_be_moved_in(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = tmp_path / "site"
    with atomic_directory(site) as staging:
        (staging / "old.txt").write_text("old")
    real_rename = os.rename

    def rename(src: str | os.PathLike[str], dst: str | os.PathLike[str]) -> None:
        if ".building-" in os.fspath(src):  # the second rename: new site in
            raise PermissionError(13, "Permission denied")
        real_rename(src, dst)

    monkeypatch.setattr(os, "rename", rename)
    with pytest.raises(PermissionError):
        with atomic_directory(site) as staging:
            (staging / "new.txt").write_text("new")
    assert sorted(p.name for p in site.iterdir()) == [MARKER, "old.txt"]
    assert _leftovers(tmp_path) == []


def test_refuses_to_replace_a_folder_geomap_did_not_write(tmp_path: Path) -> None:
    mine = tmp_path / "thesis"
    mine.mkdir()
    (mine / "chapter1.tex").write_text("precious")
    with pytest.raises(BuildError, match=r"not empty and was not written by geomap.*choose a new or empty folder"):
        render_site([], mine)
    assert (mine / "chapter1.tex").read_text() == "precious"
    a_file = tmp_path / "out.html"
    a_file.write_text("x")
    with pytest.raises(BuildError, match="is not a folder"):
        render_site([], a_file)
    assert _leftovers(tmp_path) == []


# --------------------------------------------------------------------------- what a site holds


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def _tags(path: Path) -> list[tuple[str, dict[str, str | None]]]:
    parser = _Links()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser.tags


def test_render_site_writes_every_output_with_working_page_links(tmp_path: Path) -> None:
    parsed = [_parsed("a1"), _parsed("../b 2")]  # the second id is not a safe file name
    report = render_site([_event(parsed)], tmp_path / "site", parsed=parsed, title="Floods")
    site = report.out_dir
    assert DATA_FILES | {"embed.html"} <= set(report.files)
    assert any(f.startswith("assets/") for f in report.files)
    assert (report.documents, report.events, report.located, report.ok) == (2, 1, 1, True)
    assert (site / MARKER).is_file() and MARKER not in report.files
    (event,) = read_events_geojson(site / "events.geojson")
    pages = [s.page for s in event.sources]
    assert pages[0] == "sources/a1.html"
    for page in pages:  # the links in the data point at the files written
        assert page is not None and (site / page).is_file()
    source_page = site / pages[1]  # type: ignore[operator]
    assert "Flood report ../b 2" in source_page.read_text(encoding="utf-8")
    iframe = [a for t, a in _tags(site / "embed.html") if t == "iframe"]
    assert iframe and iframe[0]["src"] == "index.html" and iframe[0]["height"] == "600"
    mentions = json.loads((site / "mentions.geojson").read_text(encoding="utf-8"))
    assert len(mentions["features"]) == 2


def test_single_file_writes_one_html_file(tmp_path: Path) -> None:
    parsed = [_parsed("a1")]
    report = render_site([_event(parsed)], tmp_path / "site", parsed=parsed, single_file=True)
    html_files = [f for f in report.files if f.endswith(".html")]
    assert html_files == ["index.html"]
    assert not any(f.startswith(("assets/", "sources/")) for f in report.files)
    assert DATA_FILES <= set(report.files)
    (event,) = read_events_geojson(report.out_dir / "events.geojson")
    assert [s.page for s in event.sources] == [None]  # no page to link to; the original URL stays
    assert event.sources[0].url == "https://news.example/a1"


def test_render_geojson_redraws_a_hand_edited_site_in_place(tmp_path: Path) -> None:
    parsed = [_parsed("a1"), _parsed("a2")]
    site = tmp_path / "site"
    render_site([_event(parsed)], site, parsed=parsed)
    data = json.loads((site / "events.geojson").read_text(encoding="utf-8"))
    feature = data["features"][0]
    feature["properties"]["title"] = "Flood in Mosul (corrected)"
    feature["geometry"]["coordinates"] = [43.15, 36.35]
    feature["properties"]["sources"].append({"id": "gone", "title": "No page", "page": "sources/gone.html"})
    (site / "events.geojson").write_text(json.dumps(data), encoding="utf-8")

    report = render_geojson(site / "events.geojson", site)
    (event,) = read_events_geojson(site / "events.geojson")
    assert event.title == "Flood in Mosul (corrected)"
    assert event.location is not None
    assert (event.location.place.lat, event.location.place.lon) == pytest.approx((36.35, 43.15), abs=1e-9)
    assert [s.page for s in event.sources] == ["sources/a1.html", "sources/a2.html", None]
    assert {"sources/a1.html", "sources/a2.html"} <= set(report.files)
    assert "corrected" in (site / "events.csv").read_text(encoding="utf-8")


# --------------------------------------------------------------------------- the whole pipeline

ARTICLES = {
    "flood.txt": "Floodwaters rise in Erbil\n\nERBIL, Iraq (Wire) — Flash floods swept through Erbil on Tuesday, "
                 "flooding streets near the citadel, officials said.\n",
    "quake.txt": "Quake shakes Christchurch\n\nCHRISTCHURCH, New Zealand — A magnitude 5.1 earthquake shook "
                 "Christchurch early on Monday. No injuries were reported.\n",
    "evil.txt": "<script>window.__pwned=1</script> in Beirut\n\nBEIRUT — Protesters gathered in Beirut. "
                "<img src=x onerror=alert(1)> \u202eexe.gpj </script><a href=\"javascript:alert(1)\">x</a>\n",
}


@pytest.fixture()
def articles(tmp_path: Path) -> Path:
    folder = tmp_path / "articles"
    folder.mkdir()
    for name, text in ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    (folder / "broken.txt").write_bytes(b"\x00\x01binary\x00garbage")
    return folder


def test_build_site_reports_bad_inputs_and_builds_the_rest(
    articles: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "no-such-file.txt"
    report = build_site([articles, missing], tmp_path / "site", gazetteer=sample_gazetteer(), progress=True)
    assert report.documents == 3
    failed = {Path(p.path).name for p in report.errors}
    assert {"broken.txt", "no-such-file.txt"} <= failed
    assert not report.ok
    # Every document read ends in exactly one event.
    events = read_events_geojson(report.out_dir / "events.geojson")
    source_ids = [s.id for e in events for s in e.sources]
    assert len(source_ids) == len(set(source_ids)) == 3
    assert DATA_FILES <= set(report.files)
    assert sum(f.startswith("sources/") for f in report.files) == 3
    for event in events:  # the pages the data links to are the pages written
        for source in event.sources:
            assert source.page is not None and (report.out_dir / source.page).is_file()
    places = {e.location.place.name for e in events if e.location}
    assert {"Erbil", "Christchurch", "Beirut"} <= places
    assert "Parsing" in capsys.readouterr().err  # the progress bar went to stderr

    # Nothing from the hostile article can run in any page this module writes.
    for page in [report.out_dir / f for f in report.files if f.startswith("sources/")] + [report.out_dir / "embed.html"]:
        for tag, attributes in _tags(page):
            assert tag not in ("script", "img", "iframe") or page.name == "embed.html", (page, tag)
            assert not any(name.startswith("on") for name in attributes), (page, tag, attributes)
            href = attributes.get("href") or ""
            assert not href.lower().startswith(("javascript:", "data:")), (page, href)
    # The map page carries the hostile title as data only: never as markup of its own.
    index = (report.out_dir / "index.html").read_text(encoding="utf-8")
    assert "window.__pwned=1" in index  # the title is there...
    assert "<script>window.__pwned" not in index and "<img src=x" not in index  # ...but not as markup
    assert "\u202e" not in index


def test_build_site_with_nothing_readable_still_writes_an_empty_site(tmp_path: Path) -> None:
    report = build_site([tmp_path / "missing"], tmp_path / "site", gazetteer=sample_gazetteer())
    assert (report.documents, report.events) == (0, 0)
    assert len(report.errors) == 1 and DATA_FILES <= set(report.files)
    assert read_events_geojson(report.out_dir / "events.geojson") == []


def test_build_site_passes_the_countries_to_the_parser(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "talks.txt").write_text("Ministers met in Paris on Friday.\n", encoding="utf-8")
    report = build_site([folder], tmp_path / "site", gazetteer=sample_gazetteer(), countries=["US"])
    [event] = read_events_geojson(report.out_dir / "events.geojson")
    assert event.location is not None and event.location.place.country == "US"
    with pytest.raises(ValueError, match="not an ISO 3166"):
        build_site([folder], tmp_path / "other", gazetteer=sample_gazetteer(), countries=["USA"])


def test_build_site_applies_a_corrections_file(articles: Path, tmp_path: Path) -> None:
    corrections = tmp_path / "corrections.json"
    corrections.write_text(json.dumps({
        "pin_events": [{"source": "quake", "place": {"name": "Lyttelton", "lat": -43.6, "lon": 172.72}}],
        "block": [{"text": "Beirut"}],
    }), encoding="utf-8")
    report = build_site([articles], tmp_path / "site", gazetteer=sample_gazetteer(), corrections=corrections)
    events = {s.id: e for e in read_events_geojson(report.out_dir / "events.geojson") for s in e.sources}
    quake = events["quake"].location
    assert quake is not None and quake.place.name == "Lyttelton"
    assert (quake.place.lat, quake.place.lon) == pytest.approx((-43.6, 172.72), abs=1e-9)
    assert events["evil"].location is None  # its only place was blocked
    assert all(m["text"] != "Beirut" for e in events.values() for m in e.mentions)
