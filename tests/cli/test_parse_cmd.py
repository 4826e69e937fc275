"""`geomap parse`: text, JSON and JSON Lines output, bad files reported, atomic -o."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from geomap.cli import main
from geomap.cli import parse_cmd
from tests.samples import sample_gazetteer


@pytest.fixture(autouse=True)
def _sample_gazetteer(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parse_cmd, "open_gazetteer", lambda home: sample_gazetteer())


@pytest.fixture
def articles(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("Siege tightens\n\nShelling hit Baghouz in eastern Syria on Monday.\n")
    (folder / "b.txt").write_text("Talks\n\nMinisters met in Paris, Texas, on Friday.\n")
    return folder


def test_jsonl_output_keeps_offsets_exact(articles: Path) -> None:
    result = CliRunner().invoke(main, ["parse", str(articles), "--jsonl"])
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in result.output.splitlines()]
    assert [r["id"] for r in records] == ["a", "b"]
    for record in records:
        for m in record["mentions"]:
            assert record["text"][m["start"] : m["end"]] == m["text"]
    assert records[0]["event"]["place"]["name"] == "Bāghūz Fawqānī"
    assert records[1]["event"]["place"]["country"] == "US"


def test_json_output_is_one_array(articles: Path) -> None:
    result = CliRunner().invoke(main, ["parse", str(articles), "--json"])
    assert result.exit_code == 0
    assert len(json.loads(result.output)) == 2


def test_bad_file_is_reported_and_the_rest_goes_on(articles: Path) -> None:
    (articles / "c.txt").write_bytes(b"\x00\x01binary\x00")
    result = CliRunner().invoke(main, ["parse", str(articles), "--jsonl"])
    assert result.exit_code == 1
    assert "c.txt" in result.stderr and "error" in result.stderr
    assert len([line for line in result.stdout.splitlines() if line.strip()]) == 2


def test_output_file_is_written_whole(articles: Path, tmp_path: Path) -> None:
    out = tmp_path / "out" / "parsed.jsonl"
    result = CliRunner().invoke(main, ["parse", str(articles), "--jsonl", "-o", str(out)])
    assert result.exit_code == 0
    assert len(out.read_text().splitlines()) == 2
    assert not list(out.parent.glob(".parsed.jsonl.*")), "temporary file left behind"


def test_json_and_jsonl_together_is_a_usage_error(articles: Path) -> None:
    result = CliRunner().invoke(main, ["parse", str(articles), "--json", "--jsonl"])
    assert result.exit_code == 2
    assert "choose one of --json and --jsonl" in result.output


def test_country_option_settles_a_close_call_and_rejects_a_name(tmp_path: Path) -> None:
    story = tmp_path / "s.txt"
    story.write_text("Ministers met in Paris on Friday.\n")
    plain = CliRunner().invoke(main, ["parse", str(story), "--json"])
    hinted = CliRunner().invoke(main, ["parse", str(story), "--json", "--country", "us"])
    assert json.loads(plain.output)[0]["mentions"][0]["place"]["country"] == "FR"
    assert json.loads(hinted.output)[0]["mentions"][0]["place"]["country"] == "US"
    bad = CliRunner().invoke(main, ["parse", str(story), "--country", "France"])
    assert bad.exit_code == 2 and "'France' is not an ISO 3166 alpha-2 code" in bad.output


def test_human_output_names_the_event(articles: Path) -> None:
    result = CliRunner().invoke(main, ["parse", str(articles / "a.txt")])
    assert result.exit_code == 0
    assert "event: Bāghūz Fawqānī (SY)" in result.output


def test_a_command_skips_the_final_full_collection_at_exit() -> None:
    # The check is registered first, so it runs last (atexit is last in, first out).
    code = ("import atexit, gc; atexit.register(lambda: print('frozen', gc.get_freeze_count() > 0));"
            "from geomap.cli import main; main(['parse', '--help'], standalone_mode=False)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60)
    assert done.stdout.rstrip().endswith("frozen True")


@pytest.mark.parametrize(("flag", "drawn"), [("--progress", True), ("--no-progress", False), (None, False)])
def test_a_progress_bar_counts_the_documents_on_stderr_only(articles: Path, flag: str | None, drawn: bool) -> None:
    # Without a flag the bar is drawn only when stderr is a terminal, which the runner's is not.
    result = CliRunner().invoke(main, ["parse", str(articles), "--jsonl", *([flag] if flag else [])])
    assert result.exit_code == 0, result.output
    assert ("Parsing" in result.stderr) is drawn
    assert [json.loads(line)["id"] for line in result.stdout.splitlines()] == ["a", "b"]


@pytest.mark.parametrize(("stderr_tty", "stdout_tty", "output", "drawn"), [
    (True, False, None, True),               # parses piped on, the bar on the terminal
    (True, True, None, False),               # parses printed to the terminal: no bar to tangle with them
    (True, True, Path("out.jsonl"), True),   # parses to a file
    (False, False, Path("out.jsonl"), False),  # no terminal to draw on
])
def test_the_bar_is_drawn_by_default_only_where_it_tangles_with_nothing(
    monkeypatch: pytest.MonkeyPatch, stderr_tty: bool, stdout_tty: bool, output: Path | None, drawn: bool,
) -> None:
    monkeypatch.setattr(sys.stderr, "isatty", lambda: stderr_tty)
    monkeypatch.setattr(sys.stdout, "isatty", lambda: stdout_tty)
    assert parse_cmd._shows_progress(None, output) is drawn
