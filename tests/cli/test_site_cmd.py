"""`geomap build` and `geomap render`: exit codes, messages on stderr, and the --json report."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from geomap.cli import main

FLOOD = ("Floodwaters rise in Mosul\n\nMOSUL, Iraq (Wire) — The Tigris burst its banks in Mosul on Tuesday, "
         "officials said.\n")


def _runner() -> CliRunner:
    return CliRunner()


@pytest.fixture()
def inputs(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "flood.txt").write_text(FLOOD, encoding="utf-8")
    return folder


def test_build_then_render_round_trip(inputs: Path, tmp_path: Path, embedded_home: Path) -> None:
    site = tmp_path / "site"
    result = _runner().invoke(main, ["build", str(inputs), "-o", str(site), "--home", str(embedded_home),
                                     "--title", "Floods", "--json", "--no-progress"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert (report["documents"], report["events"]) == (1, 1)
    assert {"index.html", "events.geojson", "map.png", "embed.html"} <= set(report["files"])
    assert "1 document -> 1 event" in result.stderr

    again = tmp_path / "again"
    result = _runner().invoke(main, ["render", str(site / "events.geojson"), "-o", str(again), "--single-file",
                                     "--home", str(embedded_home)])
    assert result.exit_code == 0, result.output
    assert (again / "index.html").is_file() and not (again / "assets").exists()


def test_build_exits_1_naming_the_bad_file_but_writes_the_site(
    inputs: Path, tmp_path: Path, embedded_home: Path
) -> None:
    (inputs / "broken.txt").write_bytes(b"\x00\x00binary")
    site = tmp_path / "site"
    result = _runner().invoke(main, ["build", str(inputs), "-o", str(site), "--home", str(embedded_home)])
    assert result.exit_code == 1
    assert "broken.txt" in result.stderr and "error" in result.stderr
    assert "1 input(s) failed; the site was written without them." in result.stderr
    assert (site / "index.html").is_file()


def test_render_rejects_a_bad_geojson_and_keeps_the_old_site(tmp_path: Path) -> None:
    bad = tmp_path / "events.geojson"
    bad.write_text(json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": [40.9, 34.4]},
         "properties": {"id": "e1", "title": "x", "date_start": "next week", "place": {"id": "a:b", "name": "B"}}}
    ]}), encoding="utf-8")
    site = tmp_path / "site"
    site.mkdir()
    (site / ".geomap-site.json").write_text("{}")
    (site / "index.html").write_text("old")
    result = _runner().invoke(main, ["render", str(bad), "-o", str(site)])
    assert result.exit_code == 3
    assert "feature 0.properties.date_start: 'next week' is not an ISO date" in result.stderr
    assert "Nothing was replaced" in result.stderr
    assert (site / "index.html").read_text() == "old"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--tiles", "javascript:alert(1)"], "neither 'osm' nor an http(s) tile URL"),
        (["--field", "body"], "is not NAME=FIELD"),
        (["--country", "Iraq"], "'Iraq' is not an ISO 3166 alpha-2 code"),
    ],
)
def test_bad_options_are_usage_errors(inputs: Path, tmp_path: Path, args: list[str], message: str) -> None:
    result = _runner().invoke(main, ["build", str(inputs), "-o", str(tmp_path / "site"), *args])
    assert result.exit_code == 2
    assert message in result.stderr
    assert not (tmp_path / "site").exists()


def test_help_carries_an_example() -> None:
    for command in ("build", "render"):
        result = _runner().invoke(main, [command, "--help"])
        assert result.exit_code == 0
        assert "Example:" in result.output and f"geomap {command} " in result.output


def test_every_option_is_documented() -> None:
    docs = (Path(__file__).resolve().parents[2] / "docs" / "site.md").read_text(encoding="utf-8")
    for name in ("build", "render"):
        command = main.commands[name]
        assert f"geomap {name}" in docs
        for param in command.params:
            for flag in [*param.opts, *param.secondary_opts]:
                if flag.startswith("--") and flag != "--help":
                    assert flag in docs, f"{name} {flag} is not in docs/site.md"
