"""The knowledge the stages share, built once per `Knowledge` and swapped as a whole.

Every table, word list and automaton the pipeline reads (the administrative table, towns, renamed
units, places abroad, jieba's dictionary, the industry taxonomy, the scanners built from them) is
a *part* of one `Knowledge`: loaded on first use, kept for the life of that object, listed by
`loaded()`. Stages ask `current()` for a part; `build(..., knowledge=K)` and tests swap in another
object with `using(K)`, so a test can hand the whole pipeline a tiny gazetteer. Caches of derived
answers (`knowledge_cache`) are cleared on every swap, so no answer outlives the knowledge it came
from.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from functools import lru_cache
from threading import RLock
from typing import Any, TypeVar

T = TypeVar("T")
F = TypeVar("F", bound=Callable[..., Any])


class Knowledge:
    """Named parts, each built once by the loader its first reader names; `given` parts (a small
    gazetteer in a test, say) are used as they are."""

    def __init__(self, **given: object):
        self._parts: dict[str, object] = dict(given)
        self._lock = RLock()

    def part(self, name: str, load: Callable[[], T]) -> T:
        """The part `name`, loaded by `load()` on first use."""
        try:
            return self._parts[name]  # type: ignore[return-value]
        except KeyError:
            with self._lock:
                if name not in self._parts:
                    self._parts[name] = load()
                return self._parts[name]  # type: ignore[return-value]

    def loaded(self) -> tuple[str, ...]:
        """The parts loaded or given so far, in the order they came."""
        return tuple(self._parts)

    def parts(self, names: Iterable[str]) -> dict[str, object]:
        """Those of the parts `names` loaded so far, by name (for a snapshot of them)."""
        with self._lock:
            return {name: self._parts[name] for name in names if name in self._parts}

    def adopt(self, parts: Mapping[str, object]) -> None:
        """Take `parts` as loaded (a snapshot's), keeping any part already loaded."""
        with self._lock:
            for name, value in parts.items():
                self._parts.setdefault(name, value)


_PACKAGED = _current = Knowledge()
_caches: list[Callable[[], None]] = []


def current() -> Knowledge:
    """The knowledge the stages read now."""
    return _current


def packaged() -> bool:
    """Whether the stages read the packaged knowledge (not one a caller or a test handed them):
    only that one may be saved to or taken from a snapshot (geo.knowledge.snapshot)."""
    return _current is _PACKAGED


def knowledge_cache(maxsize: int | None = 65536) -> Callable[[F], F]:
    """`lru_cache` for answers derived from the current knowledge: cleared when it is swapped."""

    def wrap(function: F) -> F:
        cached = lru_cache(maxsize=maxsize)(function)
        _caches.append(cached.cache_clear)
        return cached  # type: ignore[return-value]

    return wrap


def clear_caches() -> None:
    """Forget every derived answer, keeping the parts: a benchmark repeats a cold run with it."""
    for clear in _caches:
        clear()


def _install(knowledge: Knowledge) -> Knowledge:
    global _current
    previous, _current = _current, knowledge
    clear_caches()
    return previous


@contextmanager
def using(knowledge: Knowledge | None) -> Iterator[Knowledge]:
    """Run the stages on `knowledge` (None: keep the current one), then restore the previous."""
    if knowledge is None or knowledge is _current:
        yield _current
        return
    previous = _install(knowledge)
    try:
        yield knowledge
    finally:
        _install(previous)
