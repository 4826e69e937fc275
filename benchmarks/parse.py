"""Geoparser speed in a fresh process, start-up included: docs/s, words per doc, peak memory.

Usage::

    python -m benchmarks.parse [--home DIR] [--shared DIR] [--docs N] [--sets SET...] [--stages | --floor | --jobs N]
                               [--json]

The parent process collects the texts (by default every LGL, GeoVirus and WikToR dev document:
5,817 distinct texts, news and news-like encyclopaedia pages) into a temporary JSONL file, then
times a child process that imports geomap, opens the gazetteer (the embedded default plus all
shared packs, cached under ``.cache/`` as in benchmarks.evaluate) and parses every text with
``geomap.parse_documents``, as a batch user or ``geomap parse`` does. The
headline docs/s divides the document count by the child's whole wall-clock life as the parent
sees it: interpreter start, imports, reading the texts, opening the gazetteer and parsing. Peak
RSS is the child's own high-water mark (see benchmarks.memory). Target: >= 1,000 docs/s on one core.
``--jobs N`` times the same batch parsed by N worker processes (``parse_documents(jobs=N)``, as
``geomap parse --jobs``), start-up included, and adds the largest worker's peak RSS; the target is
not judged then.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
TARGET_DOCS_PER_S = 1000.0
MIN_DOCS = 5000
DEFAULT_SETS = ("lgl", "geovirus", "wiktor")
ALL_SETS = (*DEFAULT_SETS, "event_location_halterman2019")


def _timed_stages() -> dict[str, float]:
    """Wrap the pipeline's three stages, as :mod:`geomap.parse` calls them, with timers; the dict
    fills with each stage's seconds (about a microsecond of overhead per call)."""
    import importlib

    pipeline = importlib.import_module("geomap.parse")  # the module: the package's ``parse`` is the function

    spent = {"spans": 0.0, "resolve": 0.0, "locate": 0.0}
    clock = time.perf_counter

    def timed(stage: str, stage_function: Any) -> Any:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            began = clock()
            try:
                return stage_function(*args, **kwargs)
            finally:
                spent[stage] += clock() - began
        return wrapper

    for stage, name in (("spans", "find_spans"), ("resolve", "resolve_spans"), ("locate", "locate_event")):
        setattr(pipeline, name, timed(stage, getattr(pipeline, name)))
    return spent


def _floor_parse(text: str, gazetteer: Any, spent: dict[str, float]) -> int:
    """Only what any design over this gazetteer must do for a text: find its capitalised runs and
    the keys of their stretches, ask the gazetteer which keys it knows, and read the candidates of
    the longest known name at each word (no judging, resolving or locating). The number of names;
    ``spent`` adds up the seconds of the two halves."""
    from geomap.extract import _runs

    began = time.perf_counter()
    _, shapes = _runs(text)
    known = iter(gazetteer.has_keys([option[5] for shape in shapes for option in shape.options]))
    names: list[str] = []
    for shape in shapes:
        covered_until = -1
        for first, last, *_, key, _acronym, _state in shape.options:
            if next(known) and key and first > covered_until:
                names.append(key)
                covered_until = last
    keys_known = time.perf_counter()
    gazetteer.prefetch(names)
    for key in names:
        gazetteer.lookup_key(key)
    spent["runs and known keys"] = spent.get("runs and known keys", 0.0) + keys_known - began
    spent["candidates"] = spent.get("candidates", 0.0) + time.perf_counter() - keys_known
    return len(names)


def _worker(texts_path: str, home: str, stages: bool = False, floor: bool = False, jobs: int = 1) -> None:
    """Runs in the fresh child: everything from here on is counted."""
    started = time.perf_counter()
    from benchmarks.memory import peak_rss_mb
    from gazetteer import Gazetteer
    from geomap.model import Document
    from geomap.parse import parse_documents

    spent = _timed_stages() if stages else {}

    imported = time.perf_counter()
    docs = []
    with open(texts_path, encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            docs.append(Document(id=record["id"], text=record["text"]))
    read = time.perf_counter()
    gz = Gazetteer.open(Path(home), build=False)
    opened = time.perf_counter()
    mentions = resolved = with_event = 0
    if floor:
        for doc in docs:
            mentions += _floor_parse(doc.text, gz, spent)
    else:
        for parsed in parse_documents(docs, gazetteer=gz, jobs=jobs):
            mentions += len(parsed.mentions)
            resolved += sum(m.place is not None for m in parsed.mentions)
            with_event += parsed.event is not None
    parsed_at = time.perf_counter()
    gz.close()
    gc.freeze()  # as geomap's commands do at exit: the final collection would walk every cached object
    print(json.dumps({
        "docs": len(docs),
        "import_s": imported - started,
        "read_s": read - imported,
        "open_s": opened - read,
        "parse_s": parsed_at - opened,
        "mentions": mentions,
        "resolved": resolved,
        "with_event": with_event,
        "peak_rss_mb": peak_rss_mb(),
        "worker_peak_rss_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024 if jobs > 1 else None,
        "stages_s": spent,
    }))


def collect_texts(shared: Path, sets: Sequence[str], limit: int | None) -> list[dict[str, str]]:
    """The benchmark corpus: the dev sets' texts in order, each document once."""
    from geomap.gold import load_jsonl

    texts: list[dict[str, str]] = []
    for name in sets:
        for record in load_jsonl(shared / "eval" / "dev" / f"{name}.jsonl.gz"):
            texts.append({"id": str(record["id"]), "text": str(record["text"])})
            if limit is not None and len(texts) >= limit:
                return texts
    return texts


def run(texts: list[dict[str, str]], home: Path, *, stages: bool = False, floor: bool = False,
        jobs: int = 1) -> dict[str, Any]:
    """Time one fresh child process parsing ``texts``; the figures as a dict. With ``stages``, the
    child also times the pipeline's stages (see :func:`_timed_stages`); with ``floor`` it does only
    the gazetteer's share of the work (see :func:`_floor_parse`); ``jobs`` above 1 parses in that
    many worker processes."""
    with tempfile.TemporaryDirectory(prefix="geomap-bench-") as tmp:
        path = Path(tmp) / "texts.jsonl"
        with path.open("w", encoding="utf-8") as handle:
            for record in texts:
                handle.write(json.dumps(record, ensure_ascii=False) + "\n")
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
        started = time.perf_counter()
        child = subprocess.run(
            [sys.executable, "-m", "benchmarks.parse", "--worker", str(path), "--home", str(home),
             *(["--stages"] if stages else []), *(["--floor"] if floor else []), "--jobs", str(jobs)],
            cwd=REPO, env=env, capture_output=True, text=True, check=False,
        )
        wall = time.perf_counter() - started
    if child.returncode != 0:
        raise SystemExit(f"the benchmark child failed (exit {child.returncode}):\n{child.stderr[-4000:]}")
    figures: dict[str, Any] = json.loads(child.stdout.strip().splitlines()[-1])
    words = sum(len(t["text"].split()) for t in texts)
    figures.update(
        wall_s=wall,
        docs_per_s=len(texts) / wall,
        parse_only_docs_per_s=len(texts) / figures["parse_s"] if figures["parse_s"] else None,
        mean_words=words / len(texts),
    )
    return figures


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.parse", description=__doc__.split("\n")[0])
    parser.add_argument("--home", help="gazetteer data home (default: cached home with the shared packs)")
    parser.add_argument("--shared", help="shared data folder (default: $GEOMAP_SHARED, else ../shared)")
    parser.add_argument("--sets", nargs="+", choices=ALL_SETS, default=list(DEFAULT_SETS), help="dev sets to take texts from")
    parser.add_argument("--docs", type=int, default=None, help="use only the first N texts")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    detail = parser.add_mutually_exclusive_group()
    detail.add_argument("--stages", action="store_true",
                        help="also time the stages (spans, resolve, locate) inside the child, in ms per document")
    detail.add_argument("--floor", action="store_true",
                        help="time only the gazetteer's share: runs, known keys, the longest names' candidates")
    detail.add_argument("--jobs", type=int, default=1, metavar="N",
                        help="parse in N worker processes (the one-core target is not judged then)")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.worker:
        _worker(args.worker, args.home, args.stages, args.floor, args.jobs)
        return 0

    from .evaluate import packs_home, shared_dir

    shared = shared_dir(args.shared)
    home = Path(args.home) if args.home else packs_home(shared, quiet=args.json)
    texts = collect_texts(shared, args.sets, args.docs)
    if args.jobs < 1:
        parser.error("--jobs takes a number of processes, 1 or more")
    figures = run(texts, home, stages=args.stages, floor=args.floor, jobs=args.jobs)
    figures["floor"] = args.floor
    figures["jobs"] = args.jobs
    figures["target_docs_per_s"] = TARGET_DOCS_PER_S
    figures["passed"] = figures["docs_per_s"] >= TARGET_DOCS_PER_S if args.jobs == 1 else None
    figures["sets"] = list(args.sets)
    if args.json:
        print(json.dumps(figures, indent=2))
    else:
        f = figures
        print(f"documents         {f['docs']:,} from {', '.join(args.sets)} (mean {f['mean_words']:.0f} words/doc)")
        if f["docs"] < MIN_DOCS:
            print(f"  note: fewer than the {MIN_DOCS:,} documents the benchmark calls for")
        print(f"wall clock        {f['wall_s']:.2f} s for the whole fresh process")
        print(f"  imports         {f['import_s']:.2f} s")
        print(f"  read texts      {f['read_s']:.2f} s")
        print(f"  open gazetteer  {f['open_s']:.2f} s")
        print(f"  parse           {f['parse_s']:.2f} s ({f['parse_only_docs_per_s']:,.0f} docs/s parsing alone)")
        if f["stages_s"]:
            per_doc = {stage: 1000.0 * seconds / f["docs"] for stage, seconds in f["stages_s"].items()}
            rest = 1000.0 * f["parse_s"] / f["docs"] - sum(per_doc.values())
            print("  per document    " + ", ".join(f"{stage} {ms:.2f} ms" for stage, ms in per_doc.items())
                  + f", the rest {rest:.2f} ms (timers on)")
        if f["floor"]:
            print(f"names looked up   {f['mentions']:,} (floor: no judging, resolving or locating)")
        else:
            print(f"mentions          {f['mentions']:,} ({f['resolved']:,} resolved), {f['with_event']:,} docs with an event")
        print(f"peak RSS          {f['peak_rss_mb']:.0f} MB")
        if f["jobs"] > 1:
            print(f"  largest worker  {f['worker_peak_rss_mb']:.0f} MB")
            print(f"throughput        {f['docs_per_s']:,.0f} docs/s with {f['jobs']} workers, start-up included"
                  f"  [the target of {TARGET_DOCS_PER_S:,.0f} is for one core]")
        else:
            verdict = "PASS" if f["passed"] else "FAIL"
            print(f"throughput        {f['docs_per_s']:,.0f} docs/s, start-up included"
                  f"  [{verdict}: target >= {TARGET_DOCS_PER_S:,.0f}]")
    return 0


if __name__ == "__main__":
    sys.exit(main())
