"""Parse a batch in worker processes, one per core asked for, and hand the results back in input order.

The parser is pure Python, so one process parses on one core; a batch of thousands of articles goes
as many times faster as there are workers (``geomap parse --jobs``, ``geomap build --jobs``,
``parse_documents(..., jobs=)``). Each worker opens its own connection to the gazetteer's index (a
SQLite connection must not cross a fork) and keeps its own caches warm. Documents go out in chunks,
a few chunks per worker in flight, so a long input is read lazily and memory stays bounded; only the
parse comes back, never the text, and each place only once per worker: a country with its 165 other
names weighs 3 KB, and unpickling every copy of it cost the parent half a millisecond a document.
"""

from __future__ import annotations

import io
import os
import pickle
import traceback
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Any, Union

from gazetteer import Place

from .exc import GeomapError
from .model import Document, EventLocation, Mention, ParsedDocument

if TYPE_CHECKING:
    from gazetteer import Gazetteer

__all__ = ["PARSE_ERRORS", "available_cores", "checked_jobs", "parse_in_workers", "parse_outcomes"]

# What one odd article may raise without sinking a batch: the batch reports it against that article
# and goes on (see geomap.site.build_site). Anything else is a bug that stops the batch, as in one process.
PARSE_ERRORS = (GeomapError, ValueError, KeyError, IndexError)

_CHUNK = 16  # documents per task: big enough that a task's round trip is noise beside its parse
_IN_FLIGHT_PER_WORKER = 4

# A worker's parse of one document, or what the parse raised; a chunk's come back as the worker's
# process id and their pickle (see _PlacePickler).
_Parsed = tuple[tuple[Mention, ...], Union[EventLocation, None], tuple[str, ...]]
_Chunk = tuple[int, bytes]
Outcome = Union[ParsedDocument, Exception]


def checked_jobs(jobs: int) -> int:
    """``jobs`` when it is a whole number of processes, 1 or more; ValueError says what it must be."""
    if isinstance(jobs, bool) or not isinstance(jobs, int) or jobs < 1:
        raise ValueError(f"jobs must be a whole number of processes, 1 or more, not {jobs!r}")
    return jobs


def available_cores() -> int:
    """The cores this process may run on (its CPU affinity where the platform says, else all)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # macOS, Windows
        return os.cpu_count() or 1


def parse_outcomes(documents: Iterable[Document], gazetteer: Gazetteer | Any, *, jobs: int, demonyms: bool,
                   countries: tuple[str, ...]) -> Iterator[tuple[Document, Outcome]]:
    """Each document with its parse, or what its parse raised, in input order: in this process when
    ``jobs`` is 1 (where only :data:`PARSE_ERRORS` are handed back, and anything else stops the batch
    right there), else in ``jobs`` workers (see :func:`parse_in_workers`)."""
    if jobs > 1:
        yield from parse_in_workers(documents, gazetteer, jobs=jobs, demonyms=demonyms, countries=countries)
        return
    from .parse import parse

    for doc in documents:
        try:
            result: Outcome = parse(doc, gazetteer=gazetteer, demonyms=demonyms, countries=countries)
        except PARSE_ERRORS as error:
            result = error
        yield doc, result


def parse_in_workers(documents: Iterable[Document], gazetteer: Gazetteer | Any, *, jobs: int, demonyms: bool,
                     countries: tuple[str, ...]) -> Iterator[tuple[Document, Outcome]]:
    """Each document with its parse, or the exception its parse raised (the worker's traceback in its
    notes), in input order: the caller decides, as it would in one process, what goes on.

    ``gazetteer`` is a :class:`gazetteer.Gazetteer` (each worker reopens its index) or any other
    gazetteer object, which must then pickle on platforms that start workers by spawning.
    """
    from gazetteer import Gazetteer

    source: Any = ("index", str(Path(gazetteer.path).parent)) if isinstance(gazetteer, Gazetteer) else gazetteer
    pool = ProcessPoolExecutor(jobs, initializer=_start_worker, initargs=(source, demonyms, countries))
    pending: deque[tuple[list[Document], Future[_Chunk]]] = deque()
    remaining = iter(documents)
    chunks = iter(lambda: list(islice(remaining, _CHUNK)), [])
    places: dict[int, list[Place]] = {}  # per worker: the places it has sent, in the order it sent them
    try:
        for chunk in chunks:
            pending.append((chunk, pool.submit(_parse_chunk, chunk)))
            if len(pending) >= jobs * _IN_FLIGHT_PER_WORKER:
                yield from _finished(*pending.popleft(), places)
        while pending:
            yield from _finished(*pending.popleft(), places)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _finished(chunk: list[Document], future: Future[_Chunk],
              places: dict[int, list[Place]]) -> Iterator[tuple[Document, Outcome]]:
    # Chunks are read in the order they were sent out, and a worker takes its chunks in that order
    # too, so every place a chunk refers back to came in an earlier chunk of the same worker.
    worker, payload = future.result()
    parsed_chunk = _PlaceUnpickler(io.BytesIO(payload), places.setdefault(worker, [])).load()
    for doc, parsed in zip(chunk, parsed_chunk):
        yield doc, parsed if isinstance(parsed, Exception) else ParsedDocument(doc, *parsed)


class _PlacePickler(pickle.Pickler):
    """Pickles a place in full the first time this worker sends it, and as its number after that.

    Only places without a geometry are numbered: a place equal to another but for its geometry
    (``compare=False``) must not come back as the other.
    """

    def __init__(self, file: io.BytesIO, sent: dict[Place, int]) -> None:
        super().__init__(file, protocol=pickle.HIGHEST_PROTOCOL)
        self.sent = sent

    def persistent_id(self, obj: Any) -> Any:
        if type(obj) is not Place or obj.geometry is not None:
            return None
        number = self.sent.get(obj)
        if number is None:
            self.sent[obj] = len(self.sent)
            return ("new", obj.__reduce__()[1])
        return number


class _PlaceUnpickler(pickle.Unpickler):
    def __init__(self, file: io.BytesIO, received: list[Place]) -> None:
        super().__init__(file)
        self.received = received

    def persistent_load(self, pid: Any) -> Place:
        if isinstance(pid, int):
            return self.received[pid]
        place = Place(*pid[1])
        self.received.append(place)
        return place


# -- in the worker ---------------------------------------------------------------------------------

_worker: dict[str, Any] = {}


def _start_worker(source: Any, demonyms: bool, countries: tuple[str, ...]) -> None:
    from gazetteer import Gazetteer

    from .parse import collector_paused

    if isinstance(source, tuple) and source[:1] == ("index",):
        source = Gazetteer.open(source[1], build=False)
    pause = collector_paused()
    pause.__enter__()  # for the worker's life: it only parses (see collector_paused)
    _worker.update(gazetteer=source, demonyms=demonyms, countries=countries, pause=pause, sent={})


def _parse_chunk(chunk: list[Document]) -> _Chunk:
    from .parse import parse

    out: list[_Parsed | Exception] = []
    for doc in chunk:
        try:
            parsed = parse(doc, gazetteer=_worker["gazetteer"], demonyms=_worker["demonyms"],
                           countries=_worker["countries"])
        except Exception as error:  # noqa: BLE001 - handed back, to be raised or reported at its document
            error.add_note("raised in a parse worker:\n" + "".join(traceback.format_exception(error)).rstrip())
            out.append(_picklable(error))
        else:
            out.append((parsed.mentions, parsed.event, parsed.errors))
        _worker["pause"].document_done()
    payload = io.BytesIO()
    _PlacePickler(payload, _worker["sent"]).dump(out)
    return os.getpid(), payload.getvalue()


def _picklable(error: Exception) -> Exception:
    """``error``, or a ValueError with its message where it would not survive the trip back."""
    try:
        pickle.loads(pickle.dumps(error))
    except Exception:  # noqa: BLE001 - any failure to round-trip means: send the message instead
        stand_in = ValueError(f"{type(error).__name__}: {error}")
        for note in getattr(error, "__notes__", ()):
            stand_in.add_note(note)
        return stand_in
    return error
