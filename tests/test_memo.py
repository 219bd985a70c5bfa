"""Remembered per-text results (loaders.memo) never change what a document yields."""

from __future__ import annotations

import dataclasses
import sys

from conftest import RAW, ROOT

from loaders import memo
from loaders.memo import text_cache
from loaders.pipeline import parse_document

sys.path.insert(0, str(ROOT))
from bench import make_corpus  # noqa: E402


def test_short_texts_are_remembered_long_ones_are_not():
    calls: list[str] = []

    @text_cache(maxsize=8, max_chars=10)
    def shout(text: str, times: int) -> str:
        calls.append(text)
        return text.upper() * times

    assert shout("abc", 2) == shout("abc", 2) == "ABCABC"
    assert shout("abc", 3) == "ABCABCABC"  # every argument is part of the key
    long = "x" * 11
    assert shout(long, 1) == shout(long, 1) == long.upper()
    assert calls == ["abc", "abc", long, long]
    assert shout.cache_info().currsize == 2  # the long text was never kept
    memo.clear()
    assert shout.cache_info().currsize == 0


def _rows(data: bytes, suffix: str) -> dict:
    plan = dataclasses.asdict(parse_document(data, suffix))
    plan.pop("seconds")  # timings differ from run to run
    return plan


def test_a_document_parses_the_same_with_cold_and_warm_memos(tmp_path):
    """Each shipped plan and generated variants: parsed with every memo empty, then again after all the others
    (their shared sentences answered from memory), the rows are equal."""
    make_corpus.main(["12", "--seed", "5", "--out", str(tmp_path / "corpus"), "--docx-share", "0", "--pdf-share", "0"])
    documents = [(p.read_bytes(), p.suffix) for p in sorted(RAW.glob("*.txt"))]
    documents += [(p.read_bytes(), p.suffix) for p in sorted((tmp_path / "corpus").glob("*.txt"))]
    cold = []
    for data, suffix in documents:
        memo.clear()
        cold.append(_rows(data, suffix))
    memo.clear()
    for data, suffix in documents:
        _rows(data, suffix)  # every memo filled by every document
    warm = [_rows(data, suffix) for data, suffix in reversed(documents)]
    assert warm[::-1] == cold
