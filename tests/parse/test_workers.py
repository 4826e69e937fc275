"""Parsing in worker processes: the same parses in the same order, and errors where one process has them."""

from __future__ import annotations

import multiprocessing
import pickle
from collections.abc import Sequence
from pathlib import Path

import pytest
import shapely
from click.testing import CliRunner

from gazetteer import Kind, Place
from gazetteer.memory import MemoryGazetteer
from gazetteer.normalize import normalize_name
from geomap import Document, parse_documents
from geomap.cli import main, parse_cmd
from geomap.site import build_site
from tests.samples import ALL, sample_gazetteer

_TEXTS = (
    "Shelling hit Baghouz in eastern Syria on Monday.",
    "Ministers met in Paris, Texas, on Friday.",
    "ERBIL (Kurdistan 24) - Fighters left Deir Ezzor for Iraq.",
    "Nothing here names a place at all.",
    "Flights from Christchurch to Cairo were cancelled.",
)


def _documents(count: int) -> list[Document]:
    return [Document(id=f"d{i}", text=_TEXTS[i % len(_TEXTS)]) for i in range(count)]


class _FailingGazetteer(MemoryGazetteer):
    """Fails the parse of any text that names Boomtown, as a bug tripped by one odd article would."""

    def has_keys(self, keys: Sequence[str]) -> list[bool]:
        if normalize_name("Boomtown") in keys:
            raise ValueError("tripped on Boomtown")
        if normalize_name("Bugville") in keys:
            raise TypeError("a bug met in Bugville")
        return super().has_keys(keys)


def test_workers_give_the_same_parses_in_the_same_order() -> None:
    docs = _documents(90)  # several chunks per worker: places sent once come back by number
    in_workers = list(parse_documents(docs, gazetteer=sample_gazetteer(), jobs=2))
    assert in_workers == list(parse_documents(docs, gazetteer=sample_gazetteer()))
    assert [p.document.id for p in in_workers] == [d.id for d in docs]
    assert in_workers[0].mentions and in_workers[0].event is not None


def test_each_worker_reopens_the_index_of_an_open_gazetteer(embedded_gazetteer: object) -> None:
    docs = _documents(40)
    in_workers = list(parse_documents(docs, gazetteer=embedded_gazetteer, jobs=2))  # type: ignore[arg-type]
    assert in_workers == list(parse_documents(docs, gazetteer=embedded_gazetteer))  # type: ignore[arg-type]
    assert any(p.mentions for p in in_workers)


def test_a_failed_parse_raises_at_its_document() -> None:
    docs = [*_documents(3), Document(id="odd", text="Crowds gathered in Boomtown."), *_documents(3)]
    parsed = parse_documents(docs, gazetteer=_FailingGazetteer(ALL), jobs=2)
    assert [next(parsed).document.id for _ in range(3)] == ["d0", "d1", "d2"]
    with pytest.raises(ValueError, match="tripped on Boomtown"):
        next(parsed)


def test_a_bug_stops_the_batch_at_its_document_with_the_workers_traceback() -> None:
    docs = [*_documents(5), Document(id="bug", text="Crowds gathered in Bugville.")]
    parsed = parse_documents(docs, gazetteer=_FailingGazetteer(ALL), jobs=2)
    assert [next(parsed).document.id for _ in range(5)] == ["d0", "d1", "d2", "d3", "d4"]
    with pytest.raises(TypeError, match="a bug met in Bugville") as raised:
        next(parsed)
    assert "raised in a parse worker" in "".join(raised.value.__notes__)


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_bug_stops_a_build(tmp_path: Path, jobs: int) -> None:
    (tmp_path / "bug.txt").write_text("Bug\n\nCrowds gathered in Bugville.\n", encoding="utf-8")
    with pytest.raises(TypeError, match="a bug met in Bugville"):
        build_site([tmp_path / "bug.txt"], tmp_path / "site", gazetteer=_FailingGazetteer(ALL), jobs=jobs)
    assert not (tmp_path / "site").exists()


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_build_reports_the_failed_article_and_builds_the_rest(tmp_path: Path, jobs: int) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for i, text in enumerate(_TEXTS):
        (folder / f"a{i}.txt").write_text(f"Report {i}\n\n{text}\n", encoding="utf-8")
    (folder / "odd.txt").write_text("Odd\n\nCrowds gathered in Boomtown.\n", encoding="utf-8")
    report = build_site([folder], tmp_path / "site", gazetteer=_FailingGazetteer(ALL), jobs=jobs)
    assert [(Path(p.path).name, p.stage) for p in report.problems] == [("odd.txt", "parse")]
    assert "parser failed (ValueError: tripped on Boomtown)" in report.problems[0].message
    assert report.documents == len(_TEXTS) + 1
    assert (tmp_path / "site" / "index.html").is_file()


def test_closing_the_batch_early_stops_the_workers() -> None:
    parsed = parse_documents(_documents(400), gazetteer=sample_gazetteer(), jobs=2)
    assert next(parsed).document.id == "d0"
    parsed.close()
    assert multiprocessing.active_children() == []


@pytest.mark.parametrize("jobs", [0, -1, True, 1.5])
def test_jobs_must_be_a_whole_number_of_processes(jobs: object) -> None:
    with pytest.raises(ValueError, match="jobs must be"):
        parse_documents(_documents(1), gazetteer=sample_gazetteer(), jobs=jobs)  # type: ignore[arg-type]


def test_places_and_parses_pickle_whole() -> None:
    area = Place("test:area", "Area", 1.0, 2.0, Kind.ADMIN1, alt_names=("Zone",), country="XX",
                 geometry=shapely.box(1.5, 0.5, 2.5, 1.5))
    back = pickle.loads(pickle.dumps(area))
    assert back == area and back.geometry is not None and back.geometry.equals(area.geometry)
    parsed = next(parse_documents(_documents(1), gazetteer=sample_gazetteer()))
    assert pickle.loads(pickle.dumps(parsed)) == parsed


def test_the_parse_command_gives_the_same_output_with_workers(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parse_cmd, "open_gazetteer", lambda home: sample_gazetteer())
    for i, text in enumerate(_TEXTS * 8):
        (tmp_path / f"a{i:02d}.txt").write_text(f"Report {i}\n\n{text}\n", encoding="utf-8")
    one = CliRunner().invoke(main, ["parse", str(tmp_path), "--jsonl"])
    two = CliRunner().invoke(main, ["parse", str(tmp_path), "--jsonl", "--jobs", "2"])
    assert one.exit_code == two.exit_code == 0, two.output
    assert two.output == one.output and one.output.count("\n") == len(_TEXTS) * 8
    refused = CliRunner().invoke(main, ["parse", str(tmp_path), "--jobs", "-1"])
    assert refused.exit_code == 2 and "--jobs" in refused.output
