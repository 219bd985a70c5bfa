"""One way to remember a pure function of a text: plans copy each other's lines and sentences."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TypeVar

R = TypeVar("R")

MAX_CHARS = 1000  # lines and sentences; a hostile megabyte line is computed, never kept
_CACHES: list = []


def text_cache(maxsize: int, max_chars: int = MAX_CHARS) -> Callable[[Callable[..., R]], Callable[..., R]]:
    """A bounded LRU cache for `fn(text, *args)` that keeps only texts of at most `max_chars` characters.

    The same sentence is asked about by several extractors and recurs across plans (templates, copied
    paragraphs), so per-sentence work is done once per worker. Every caller gets the same object: results are
    immutable (str, tuples, frozen dataclasses) or never changed by a caller (tests/test_memo.py checks that a
    document parses the same with every memo empty and full).
    """

    def wrap(fn: Callable[..., R]) -> Callable[..., R]:
        cached = functools.lru_cache(maxsize=maxsize)(fn)
        _CACHES.append(cached)

        @functools.wraps(fn)
        def call(text: str, *args) -> R:
            return cached(text, *args) if len(text) <= max_chars else fn(text, *args)

        call.cache_info = cached.cache_info  # type: ignore[attr-defined]
        call.cache_clear = cached.cache_clear  # type: ignore[attr-defined]
        return call

    return wrap


def clear() -> None:
    """Forget every remembered result: when the reference tables change (an analyst's new alias), and in tests."""
    for cached in _CACHES:
        cached.cache_clear()
