"""Benchmark the gazetteer: build time, index size, cold start, lookup latency and memory.

Run ``python -m benchmarks.gazetteer [--home DIR] [--packs DIR] [--names N]``. For the embedded default
(and, when ``--packs`` or ``../shared/gazetteer`` exists, with the GeoNames and Natural Earth packs
imported on top) it prints:

* build time of the embedded default (only when it had to be built) and import time of the packs;
* index size on disk (SQLite file + key-hash side file);
* cold open + first query in a fresh subprocess (time inside the process from ``import gazetteer``
  to the first answer, and the whole subprocess wall time including interpreter start-up);
* latency of N (default 10,000) toponyms from ``../shared/eval/dev`` (first N in file order over
  LGL, GeoVirus, WikToR): ``lookup_key`` (the geoparser's hot path), ``search`` on names that match
  exactly/by alias/normalised, both with a cold and a warm per-key cache, and the fuzzy path (names
  with one letter changed, which match nothing exactly), after a one-off fuzzy-index load;
* peak RSS of the query subprocess.

Targets: cold start <= 0.5 s, exact/alias p50 <= 50 us, fuzzy <= 1 ms, RSS <= 300 MB.
Query measurements run in a subprocess so that the build's memory does not count.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks.memory import peak_rss_mb

REPO = Path(__file__).resolve().parent.parent


def _shared() -> Path:
    configured = os.environ.get("GEOMAP_SHARED")
    return Path(configured) if configured else REPO.parent / "shared"


def dev_names(limit: int) -> list[str]:
    """The first ``limit`` toponym strings of the dev sets, in file order."""
    names: list[str] = []
    dev = _shared() / "eval" / "dev"
    for fname in ("lgl.jsonl.gz", "geovirus.jsonl.gz", "wiktor.jsonl.gz"):
        path = dev / fname
        if not path.is_file():
            continue
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            for line in fh:
                for top in json.loads(line).get("toponyms", []):
                    names.append(str(top["name"]))
                    if len(names) >= limit:
                        return names
    return names


def _pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def _timed(fn: Any, items: list[str]) -> list[float]:
    out = []
    clock = time.perf_counter_ns
    for item in items:
        t0 = clock()
        fn(item)
        out.append((clock() - t0) / 1000.0)  # microseconds
    return out


def _typo(name: str, rng: random.Random) -> str:
    i = rng.randrange(1, len(name) - 1)
    letter = "x" if name[i].lower() != "x" else "q"
    return name[:i] + letter + name[i + 1 :]


def query_benchmark(home: str, n: int) -> dict[str, Any]:
    """Runs inside the subprocess: latency figures and peak RSS (JSON-able)."""
    from gazetteer import Gazetteer, Match
    from gazetteer.normalize import normalize_name

    names = dev_names(n)
    gz = Gazetteer.open(home, build=False)
    keys = [normalize_name(x) for x in names]
    result: dict[str, Any] = {"names": len(names)}

    distinct = list(dict.fromkeys(keys))
    fresh = Gazetteer.open(home, build=False)
    first = _timed(fresh.lookup_key, distinct)
    fresh.close()
    result["distinct_keys"] = len(distinct)
    result["lookup_key_distinct_first_us"] = (_pct(first, 0.5), _pct(first, 0.99))
    cold = _timed(gz.lookup_key, keys)
    warm = _timed(gz.lookup_key, keys)
    result["lookup_key_cold_us"] = (_pct(cold, 0.5), _pct(cold, 0.99))
    result["lookup_key_warm_us"] = (_pct(warm, 0.5), _pct(warm, 0.99))
    result["has_key_us"] = (_pct(_timed(gz.has_key, keys), 0.5), _pct(_timed(gz.has_key, keys), 0.99))

    trusted = [x for x, k in zip(names, keys) if k and gz.lookup_key(k)]
    result["names_matched_trusted"] = len(trusted)
    gz2 = Gazetteer.open(home, build=False)  # fresh per-key cache for the cold search figures
    cold_s = _timed(gz2.search, trusted)
    warm_s = _timed(gz2.search, trusted)
    gz2.close()
    result["search_exact_alias_cold_us"] = (_pct(cold_s, 0.5), _pct(cold_s, 0.99))
    result["search_exact_alias_warm_us"] = (_pct(warm_s, 0.5), _pct(warm_s, 0.99))
    matches: dict[str, int] = {}
    for x in trusted[:2000]:
        m = gz.search(x, limit=1)[0].match.value
        matches[m] = matches.get(m, 0) + 1
    result["match_kinds_first_2000"] = matches

    rng = random.Random(7)
    typos = []
    for x in dict.fromkeys(t for t in names if len(t) >= 6):
        typo = _typo(x, rng)
        key = normalize_name(typo)
        if len(key) >= 5 and not gz.lookup_key(key):
            typos.append(typo)
        if len(typos) >= 1000:
            break
    t0 = time.perf_counter()
    gz._fuzzy_index()  # one-off load, reported separately
    result["fuzzy_index_load_s"] = round(time.perf_counter() - t0, 3)
    fuzzy = _timed(gz.search, typos)
    result["fuzzy_queries"] = len(typos)
    result["search_fuzzy_us"] = (_pct(fuzzy, 0.5), _pct(fuzzy, 0.99))
    result["fuzzy_found_something"] = sum(1 for t in typos if any(c.match is Match.FUZZY for c in gz.search(t)))
    result["peak_rss_mb"] = peak_rss_mb()
    gz.close()
    return result


def cold_start(home: str) -> dict[str, float]:
    code = (
        "import time; t = time.perf_counter(); from gazetteer import Gazetteer; "
        f"gz = Gazetteer.open({home!r}, build=True); r = gz.search('Erbil'); "
        "gz.has_key('erbil'); print(time.perf_counter() - t)"
    )
    t0 = time.perf_counter()
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return {"in_process_s": round(float(out.stdout), 3), "subprocess_wall_s": round(time.perf_counter() - t0, 3)}


def _size_mb(home: Path) -> float:
    return round(sum(p.stat().st_size for p in home.glob("gazetteer.*")) / 1e6, 1)


def _report(label: str, home: Path, n: int, extra: dict[str, Any]) -> dict[str, Any]:
    out = subprocess.run(
        [sys.executable, "-m", "benchmarks.gazetteer", "--_query", str(home), "--names", str(n)],
        capture_output=True, text=True, check=True, cwd=REPO,
    )
    figures: dict[str, Any] = {"label": label, **extra, "index_mb": _size_mb(home), "cold_start": cold_start(str(home))}
    figures.update(json.loads(out.stdout))
    print(f"\n== {label} ({home})")
    for key, value in figures.items():
        if key == "label":
            continue
        if isinstance(value, (list, tuple)) and len(value) == 2:
            value = f"p50 {value[0]:.1f}  p99 {value[1]:.1f}"
        print(f"  {key:32} {value}")
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--home", type=Path, help="Data home for the embedded default (default: a temp dir).")
    parser.add_argument("--packs", type=Path, help="Folder with geonames/ and naturalearth/ packs "
                        "(default: ../shared/gazetteer when present).")
    parser.add_argument("--names", type=int, default=10_000, help="How many dev toponyms to look up.")
    parser.add_argument("--json", type=Path, help="Also write all figures to this JSON file.")
    parser.add_argument("--_query", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args._query:
        print(json.dumps(query_benchmark(args._query, args.names)))
        return 0

    from gazetteer import Gazetteer, import_paths

    tmp = Path(tempfile.mkdtemp(prefix="geomap-bench-"))
    results = []
    try:
        home = args.home or tmp / "embedded"
        t0 = time.perf_counter()
        cpu0 = time.process_time()
        Gazetteer.open(home, build=True).close()
        build = {"build_s": round(time.perf_counter() - t0, 1), "build_cpu_s": round(time.process_time() - cpu0, 1)}
        results.append(_report("embedded default", home, args.names, build))

        packs = args.packs or _shared() / "gazetteer"
        files = sorted((packs / "geonames").glob("*.gz")) + sorted((packs / "naturalearth").glob("*.gz"))
        if files:
            packs_home = tmp / "packs"
            packs_home.mkdir()
            for f in home.glob("gazetteer.*"):
                shutil.copy2(f, packs_home / f.name)
            t0 = time.perf_counter()
            cpu0 = time.process_time()
            import_paths(files, home=packs_home)
            imp = {"import_s": round(time.perf_counter() - t0, 1), "import_cpu_s": round(time.process_time() - cpu0, 1),
                   "files": len(files)}
            results.append(_report("embedded + packs", packs_home, args.names, imp))
        else:
            print(f"\n(no packs in {packs}; skipped the packs figures)")
        if args.json:
            args.json.write_text(json.dumps(results, indent=2), encoding="utf-8")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
