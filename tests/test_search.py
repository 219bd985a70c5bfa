"""explorer.search: query parsing, diacritic-insensitive matching, ranking, escaping and highlighting."""

from __future__ import annotations

import html

import duckdb
import pytest

from explorer.search import (
    Score,
    escape_markdown,
    escape_text,
    find_matches,
    fold_chars,
    fold_with_offsets,
    highlight,
    parse_query,
    prefilter_pattern,
    rank,
    score,
)
from loaders.textnorm import fold


@pytest.mark.parametrize(("query", "expected"), [
    ("binh dang gioi", ["binh", "dang", "gioi"]),
    ("Bình Đẳng Giới", ["binh", "dang", "gioi"]),
    ('"bình đẳng giới" tập huấn', ["binh dang gioi", "tap", "huan"]),
    ("“bạo lực” gia đình", ["bao luc", "gia", "dinh"]),
    ("ddoan", ["doan"]),  # Telex: dd is đ
    ("dd", ["d"]),
    ("đ", ["d"]),
    ("giới, giới; GIỚI", ["gioi"]),  # edge punctuation dropped, repeats removed
    ("415/QĐ-UBND", ["415/qd-ubnd"]),
    ("'; DROP TABLE plans; --", ["drop", "table", "plans"]),
    ("", []),
    (None, []),
    ("   ", []),
    ('" " -- ;', []),
    ("a " * 40, ["a"]),
])
def test_parse_query(query, expected):
    assert parse_query(query) == expected


@pytest.mark.parametrize(("query", "text", "expected"), [
    # diacritic-insensitive both ways
    ("binh dang gioi", "Thúc đẩy bình đẳng giới", ["bình", "đẳng", "giới"]),
    ("bình đẳng giới", "BINH DANG GIOI", ["BINH", "DANG", "GIOI"]),
    ("BÌNH ĐẲNG", "bình đẳng", ["bình", "đẳng"]),
    # đ: typed as d, dd or đ
    ("dang", "Đảng ủy", ["Đảng"]),
    ("ddang", "Đảng ủy", ["Đảng"]),
    ("đảng", "Dang", ["Dang"]),
    ("d", "đoàn thể", ["đ"]),
    ("dd", "Đoàn", ["Đ"]),
    ("addis", "Addis Ababa", ["Addis"]),  # a real "dd" still matches
    # word starts only
    ("tuyen", "tuyên truyền", ["tuyên"]),
    ("truyen", "tuyên truyền", ["truyền"]),
    ("uyen", "tuyên truyền", []),
    ("an", "nhân dân", []),
    # phrases keep their words together (any white space between them)
    ('"tap huan"', "tổ chức tập   huấn cho cán bộ", ["tập   huấn"]),
    ('"huan tap"', "tổ chức tập huấn", []),
    # numbers and document numbers
    ("191", "Thông tư 191/2009/TT-BTC", ["191"]),
    ("415/qd-ubnd", "Số 415/QĐ-UBND ngày", ["415/QĐ-UBND"]),
    ("/qd", "415/QĐ-UBND", ["QĐ"]),  # edge punctuation dropped; "/" is a word boundary
    # regex characters are literal
    ("a.b", "axb a.b", ["a.b"]),
    ("(a", "(a) a", ["a", "a"]),  # "(" is edge punctuation, dropped
    # nothing to find
    ("xyz", "bình đẳng giới", []),
    ("gioi", "", []),
    ("", "bình đẳng giới", []),
])
def test_find_matches(query, text, expected):
    assert [text[s:e] for s, e, _ in find_matches(parse_query(query), text)] == expected


@pytest.mark.parametrize(("query", "text", "expected"), [
    ("binh dang gioi", "Tăng cường bình đẳng giới", Score(3, True, 3, 3)),
    ("binh dang gioi", "Giới và bình đẳng", Score(3, False, 3, 3)),
    ("binh gioi", "bình đẳng giới, bình đẳng", Score(2, False, 3, 3)),
    ("chu", "chủ trì, chức năng", Score(1, False, 1, 2)),  # "chức" is a word start, not a whole word
    ("gioi", "không có", Score()),
    ("gioi", None, Score()),
])
def test_score(query, text, expected):
    assert score(parse_query(query), text) == expected


def test_rank_orders_by_matched_terms_then_phrase_then_frequency():
    rows = [
        {"id": "one term", "text": "giới"},
        {"id": "two terms", "text": "bình ... giới"},
        {"id": "phrase", "text": "bình giới"},
        {"id": "two terms, often", "text": "bình giới bình giới giới"},
        {"id": "none", "text": "khác"},
        {"id": "empty", "text": None},
    ]
    ranked = rank(rows, parse_query("binh gioi"))
    assert [r["id"] for r in ranked] == ["two terms, often", "phrase", "two terms", "one term"]
    assert all(isinstance(r["score"], Score) for r in ranked)
    assert [r["id"] for r in rank(rows, parse_query("binh gioi"), require_all=True)] == [
        "two terms, often", "phrase", "two terms"]
    assert rank(rows, []) == []


@pytest.mark.parametrize(("query", "text", "expected"), [
    ("binh dang", "Bình đẳng giới", "<mark>Bình</mark> <mark>đẳng</mark> giới"),
    ('"binh dang"', "Bình đẳng giới", "<mark>Bình đẳng</mark> giới"),
    ("dd", "Đoàn", "<mark>Đ</mark>oàn"),
    # the text is escaped before matches are wrapped; a match inside escaped text stays whole
    ("script", "<script>alert(1)</script>", "&lt;<mark>script</mark>&gt;alert&#40;1&#41;&lt;/<mark>script</mark>&gt;"),
    ("a", "[a](http://x)", "&#91;<mark>a</mark>&#93;&#40;http&#58;//x&#41;"),
    ("x", "R&D x", "R&amp;D <mark>x</mark>"),
    # overlapping terms give one mark
    ('binh "binh dang"', "bình đẳng", "<mark>bình đẳng</mark>"),
    ("zzz", "<b>", "&lt;b&gt;"),
    ("a", None, ""),
])
def test_highlight(query, text, expected):
    assert highlight(text, parse_query(query)) == expected


def test_highlight_keeps_decomposed_marks_with_their_letter():
    text = "bi\u0300nh"  # NFD: i + combining grave
    assert highlight(text, parse_query("binh")) == "<mark>bi\u0300nh</mark>"


@pytest.mark.parametrize(("text", "expected"), [
    ("<script>alert('x')</script>", "&lt;script&gt;alert&#40;&#x27;x&#x27;&#41;&lt;/script&gt;"),
    ("[link](http://evil)", "&#91;link&#93;&#40;http&#58;//evil&#41;"),
    ("**bold** _it_ `code` $x$ :red[y]", "&#42;&#42;bold&#42;&#42; &#95;it&#95; &#96;code&#96; &#36;x&#36; "
                                         "&#58;red&#91;y&#93;"),
    ("a & b \"c\"", "a &amp; b &quot;c&quot;"),
    ("line\nnext", "line<br>next"),
    ("Bình đẳng giới", "Bình đẳng giới"),
    (None, ""),
])
def test_escape_text(text, expected):
    assert escape_text(text) == expected


@pytest.mark.parametrize("text", ["<b>x</b> & \"y\" 'z'", "plain", "a<b>c", "&amp;"])
def test_escape_text_is_html_escape_for_html_characters(text):
    assert escape_text(text) == html.escape(text)


@pytest.mark.parametrize(("text", "expected"), [
    ("Bắc Kạn 2018 · 415/QĐ-UBND", r"Bắc Kạn 2018 · 415/QĐ\-UBND"),
    ("[x](y) *a*", r"\[x\]\(y\) \*a\*"),
    (":red[b] <i>", r"\:red\[b\] \<i\>"),
])
def test_escape_markdown(text, expected):
    assert escape_markdown(text) == expected


@pytest.mark.parametrize("text", ["Bình Đẳng GIỚI", "Ủy ban nhân dân tỉnh Thừa Thiên Huế", "đ Đ ð ø ß İ ﬁ", "a  b\tc"])
def test_fold_chars_is_fold_without_collapsing_spaces(text):
    folded, offsets = fold_with_offsets(text)
    assert folded == fold_chars(text)
    assert " ".join(folded.split()) == fold(text)
    assert len(offsets) == len(folded) and offsets == sorted(offsets)


@pytest.mark.parametrize(("query", "text"), [
    ("binh dang gioi", "Bình đẳng giới"),
    ("ddoan thanh nien", "Đoàn Thanh niên"),
    ('"tap huan"', "tập   huấn"),
    ("addis", "Addis"),
    ("415/qd-ubnd", "Số 415/QĐ-UBND"),
    ("a.b|c", "a.b|c"),
])
def test_sql_prefilter_keeps_every_hit(query, text):
    """The prefilter the search query binds must accept whatever the Python matcher finds (RE2 in DuckDB)."""
    terms = parse_query(query)
    assert find_matches(terms, text)
    con = duckdb.connect()
    kept = con.execute("SELECT regexp_matches(replace(strip_accents(lower($t)), 'đ', 'd'), $p)",
                       {"t": text, "p": prefilter_pattern(terms)}).fetchone()[0]
    assert kept


@pytest.mark.parametrize("query", ["'; DROP TABLE plans; --", "a(b", "x\\y", "中文", "[", ".*", "a|b", "x{1000}",
                                   "(?i)", "a\\Qb", "%_", "$^", "ổ"])
def test_prefilter_pattern_is_valid_re2(query):
    pattern = prefilter_pattern(parse_query(query))
    con = duckdb.connect()
    con.execute("SELECT $p IS NULL OR regexp_matches('bình đẳng giới', $p)", {"p": pattern}).fetchone()
