"""Fast paths equal the plain definitions they replace: folding, agency keys, trie patterns, keyword search,
and a parallel ingest (workers, Arrow chunks, batched writes) equals a serial one, row for row."""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

import duckdb
import pytest
from conftest import ROOT
from hypothesis import given, settings
from hypothesis import strategies as st

from loaders.agencies import _char_positions, _offsets
from loaders.extract.common import KeywordIndex
from loaders.ingest import ingest
from loaders.textnorm import KEY_TABLE, fold, fold_reference
from loaders.trie import trie_pattern

if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import make_corpus  # noqa: E402

SPACES = "  \t\u00a0\u2002\u200b\u202f\u205f\u3000\ufeff\x0c"
# Vietnamese letters and marks, spaces of every kind, and any other character.
VIET = "aăâbcdđeêghiklmnoôơpqrstuưvxyAĂÂĐƠƯàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ"
text = st.text(alphabet=st.sampled_from(VIET + SPACES + "\n\u0300\u0301\u0303\u0309\u0323-–&.,İΣß0123456789"), max_size=80) | \
    st.text(max_size=40)


@settings(max_examples=300, deadline=None, derandomize=True)
@given(text)
def test_fold_equals_its_definition(s):
    assert fold(s) == fold.__wrapped__(s) == fold_reference(s)  # remembered and computed


@settings(max_examples=300, deadline=None, derandomize=True)
@given(text)
def test_agency_key_offsets_equal_a_character_by_character_fold(s):
    chars, offsets = [], []
    for i, ch in enumerate(s):
        for c in fold_reference(ch):
            if c.isascii() and c.isalnum():
                chars.append(c)
                offsets.append(i)
    assert (s.translate(KEY_TABLE), _offsets(s)) == ("".join(chars), offsets)
    long = s * 4  # the numpy path (48 characters and more)
    offsets = _offsets(long)
    assert _char_positions(long, list(range(len(offsets)))) == offsets


words = st.lists(st.text(alphabet="abcdđ ", min_size=1, max_size=6), min_size=1, max_size=25)


@settings(max_examples=200, deadline=None, derandomize=True)
@given(words, st.text(alphabet="abcdđ x", max_size=60))
def test_trie_pattern_matches_what_the_longest_first_alternation_matches(ws, haystack):
    plain = re.compile("|".join(re.escape(w) for w in sorted(set(ws), key=len, reverse=True)))
    trie = re.compile(trie_pattern(sorted(set(ws))))
    assert [m.span() for m in trie.finditer(haystack)] == [m.span() for m in plain.finditer(haystack)]


@settings(max_examples=200, deadline=None, derandomize=True)
@given(st.lists(st.tuples(st.sampled_from("ABCDE"), st.lists(st.text(alphabet="ab _", min_size=1, max_size=5),
                                                                 max_size=4)), max_size=6),
       st.text(alphabet="ab _x", max_size=60))
def test_keyword_index_equals_one_word_bounded_search_per_row(rows, haystack):
    index = KeywordIndex(rows)
    expected = []
    for key, ws in rows:
        ws = [w for w in ws if w]
        if ws and key not in expected and re.search(r"(?<!\w)(" + "|".join(map(re.escape, ws)) + r")(?!\w)", haystack):
            expected.append(key)
    order = {k: i for i, (k, _) in enumerate(rows)}
    assert index.ids(haystack) == sorted(expected, key=order.__getitem__)


TABLES = ("plans", "plan_lines", "sections", "targets", "activities", "initiatives", "responsibilities",
          "citations", "cited_documents", "deadlines", "budget_sources", "files", "ingest_errors")


def table_rows(db: Path, name: str) -> list[tuple]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        cols = [c for (c,) in con.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = ? ORDER BY ordinal_position",
            [name]).fetchall() if c not in ("ingested_at", "recorded_at", "run_id")]
        return sorted(con.execute(f"SELECT {', '.join(cols)} FROM {name}").fetchall(), key=repr)
    finally:
        con.close()


def test_parallel_ingest_equals_serial_ingest(tmp_path):
    """60 generated plans (several worker chunks, with .docx and .pdf), a duplicate inside one chunk, an empty
    file and a file that vanishes: the process pool and Arrow batches give the serial ingest's rows exactly."""
    folder = tmp_path / "corpus"
    make_corpus.make_corpus(60, folder, seed=3, workers=1)
    first = sorted(p for p in folder.iterdir() if p.suffix == ".txt")[0]
    shutil.copy(first, folder / f"{first.stem}-copy.txt")  # same content: "duplicate", sorted next to it
    (folder / "zz-empty.txt").write_bytes(b"")
    serial, parallel = tmp_path / "serial.duckdb", tmp_path / "parallel.duckdb"
    s1 = ingest([folder], serial, workers=1)
    s2 = ingest([folder], parallel, workers=2)
    assert s1.ingested == s2.ingested >= 55
    assert sorted(s1.errors) == sorted(s2.errors)
    assert any(stage == "duplicate" for _, stage, _ in s2.errors)
    for name in TABLES:
        assert table_rows(serial, name) == table_rows(parallel, name), name


@pytest.mark.parametrize("batch", [1, 7])
def test_small_write_batches_give_the_same_database(tmp_path, monkeypatch, batch):
    """Rows are written (and committed in the copy aside) every few plans; the result does not depend on it."""
    import loaders.ingest as ingest_module

    folder = tmp_path / "corpus"
    make_corpus.make_corpus(45, folder, seed=5, workers=1, docx_share=0.0, pdf_share=0.0)
    whole = tmp_path / "whole.duckdb"
    ingest([folder], whole, workers=2)
    monkeypatch.setattr(ingest_module, "WRITE_BATCH_PLANS", batch)
    monkeypatch.setattr(ingest_module, "CHUNK_FILES", 4)
    small = tmp_path / "small.duckdb"
    ingest([folder], small, workers=2)
    for name in TABLES:
        assert table_rows(whole, name) == table_rows(small, name), name


@settings(max_examples=300, deadline=None, derandomize=True)
@given(text)
def test_clean_spaces_fast_path_equals_the_substitution(s):
    from loaders.textnorm import _SPACES, clean_spaces

    assert clean_spaces(s) == re.sub(r"[ \t\u00a0\u2000-\u200b\u202f\u205f\u3000\ufeff]+", " ", s).strip()
    assert _SPACES.sub(" ", s).strip() == clean_spaces(s)
