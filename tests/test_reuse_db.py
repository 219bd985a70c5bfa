"""explorer.reuse.reuse_of_plans (reads the distinct texts, then only the paragraphs carrying a matching text) gives
exactly what the former path gave: find_reuse of the selected plans' paragraphs against every paragraph of every
plan (explorer/sql/compare_lines.sql), and the same paragraphs to show."""

from __future__ import annotations

import random

import duckdb
import pandas as pd
import pytest

from explorer import reuse
from explorer.data import fetch, sql_text
from loaders.textnorm import fold

SHOWN = ["plan_id", "idx", "line_start", "line_end", "text"]
# What the compare page read before (explorer/sql/compare_lines.sql, removed): every paragraph of every plan.
EVERY_PARAGRAPH = """
SELECT l.plan_id, l.idx, l.line_start, l.line_end, l.text, l.text_folded
FROM plan_lines l
WHERE length(l.text_folded) > $min_chars
ORDER BY l.plan_id, l.idx
"""


def runner(con: duckdb.DuckDBPyConnection):
    """explorer/sql/<name>.sql on `con`, as explorer.data runs it; "compare_lines" is the former query."""
    def run(name, **params):
        return fetch(con.cursor(), EVERY_PARAGRAPH if name == "compare_lines" else sql_text(name), params)

    return run


def former(selected, run, **thresholds) -> tuple[pd.DataFrame, pd.DataFrame]:
    """pages/compare.py's reuse_of before: every paragraph of every plan, then find_reuse (without `known`)."""
    lines = reuse.paragraphs(run("compare_lines", min_chars=reuse.MIN_CHARS))
    found = reuse.find_reuse(lines[lines["plan_id"].isin(selected)], lines, **thresholds)
    best = set(zip(found["best_plan_id"], found["best_idx"], strict=True)) if not found.empty else set()
    keep = lines["plan_id"].isin(selected) | pd.Series([(p, i) in best for p, i in zip(
        lines["plan_id"], lines["idx"], strict=True)], index=lines.index, dtype=bool)
    return found, lines.loc[keep, SHOWN].reset_index(drop=True)


def same(selected, run, **thresholds) -> pd.DataFrame:
    old_found, old_shown = former(selected, run, **thresholds)
    new_found, new_shown = reuse.reuse_of_plans(selected, run, **thresholds)
    texts = reuse.corpus_texts(run)  # as the page passes them, kept per database
    again, _ = reuse.reuse_of_plans(selected, run, texts=texts, **thresholds)
    pd.testing.assert_frame_equal(again, old_found)
    pd.testing.assert_frame_equal(new_found, old_found)
    if old_found.empty:
        assert new_shown.empty and list(new_shown.columns) == SHOWN
    else:
        pd.testing.assert_frame_equal(new_shown, old_shown)
    return new_found


# --- the shipped corpus ------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def shipped(seed_db):
    con = duckdb.connect(str(seed_db), read_only=True)
    plans = [p for (p,) in con.execute("SELECT plan_id FROM plans ORDER BY province, plan_year, plan_id").fetchall()]
    yield plans, runner(con)
    con.close()


@pytest.mark.parametrize("pick", [[0], [1], [4], [0, 1], [2, 3], [0, 2, 4], [0, 1, 2, 3, 4]])
def test_same_as_every_paragraph_on_the_shipped_corpus(shipped, pick):
    plans, run = shipped
    found = same([plans[i] for i in pick], run)
    assert not found.empty


def test_same_with_other_thresholds_on_the_shipped_corpus(shipped):
    plans, run = shipped
    assert same(plans[:2], run, ratio_threshold=60, set_threshold=70, length_ratio=0.4)["shared"].any()
    same(plans[2:], run, ratio_threshold=99, set_threshold=99, length_ratio=0.9)


def test_no_plans_or_plans_without_paragraphs(shipped):
    _, run = shipped
    found, shown = reuse.reuse_of_plans([], run)
    assert found.empty and list(found.columns) == reuse.REUSE_COLUMNS and list(shown.columns) == SHOWN
    same(["no-such-plan"], run)


# --- a synthetic corpus with the hard cases ---------------------------------------------------------------------

VOCABULARY = ("tổ chức triển khai thực hiện kế hoạch công tác bình đẳng giới vì sự tiến bộ của phụ nữ trên địa bàn "
              "tỉnh huyện xã năm truyền thông nâng cao nhận thức cán bộ công chức viên chức người lao động hội liên "
              "hiệp sở nội vụ lao động thương binh xã hội phòng chống bạo lực gia đình")
WORDS = VOCABULARY.split()


def _synthetic(seed: int) -> pd.DataFrame:
    """Plans written from a few templates: verbatim copies, small edits, reordered and added words, paragraphs
    repeated inside one plan, paragraphs only one plan has, and lengths at the edges of the windows."""
    rng = random.Random(seed)
    templates = [" ".join(rng.choice(WORDS) for _ in range(rng.randint(12, 40))) for _ in range(12)]
    rows = []
    for p in range(30):
        plan = f"P{p:02d}"
        texts = []
        for template in rng.sample(templates, 6):
            words = template.split()
            kind = rng.random()
            if kind < 0.3:
                pass  # verbatim
            elif kind < 0.5:
                words[rng.randrange(len(words))] = rng.choice(WORDS)  # small edit
            elif kind < 0.65:
                rng.shuffle(words)  # reordered
            elif kind < 0.8:
                words += [rng.choice(WORDS) for _ in range(rng.randint(1, 8))]  # added words
            else:
                words = words[: max(8, int(len(words) * rng.uniform(0.5, 0.8)))]  # cut: length window edges
            texts.append(" ".join(words))
        local = " ".join("".join(rng.choice("abcdeghiklmnopqrstuvxy") for _ in range(rng.randint(2, 7)))
                         for _ in range(rng.randint(12, 20)))
        texts.append(local)  # what only this plan says
        if p % 4 == 0:
            texts.append(texts[0])  # the same paragraph twice in one plan
        if p % 5 == 0:
            texts.append("ngắn")  # below MIN_CHARS
        for i, text in enumerate(texts):
            rows.append({"plan_id": plan, "idx": i, "line_start": 10 * i + 1, "line_end": 10 * i + 2,
                         "text": text.capitalize(), "text_folded": fold(text)})
    return pd.DataFrame(rows)


@pytest.fixture(scope="module", params=[1, 2, 3])
def synthetic(request):
    con = duckdb.connect()
    frame = _synthetic(request.param)  # noqa: F841 (read by DuckDB below)
    con.execute("CREATE TABLE plan_lines AS SELECT plan_id, CAST(idx AS INTEGER) AS idx, "
                "CAST(line_start AS INTEGER) AS line_start, CAST(line_end AS INTEGER) AS line_end, text, text_folded "
                "FROM frame")
    yield runner(con)
    con.close()


@pytest.mark.parametrize("selected", [["P00"], ["P07"], ["P00", "P01"], ["P03", "P10", "P11", "P20", "P29"],
                                      [f"P{p:02d}" for p in range(30)]])
def test_same_as_every_paragraph_on_template_plans(synthetic, selected):
    found = same(selected, synthetic)
    assert found["shared"].any() and not found["shared"].all()  # both kinds present: the test can tell


def test_same_on_template_plans_with_loose_thresholds(synthetic):
    same(["P00", "P05"], synthetic, ratio_threshold=50, set_threshold=60, length_ratio=0.3)


def test_matching_texts_keeps_exactly_the_texts_that_score():
    """matching_texts against a brute force over every pair, with find_reuse's rule written out: lengths within
    LENGTH_RATIO, then ratio >= RATIO_THRESHOLD, or token_set_ratio >= SET_THRESHOLD for texts sharing SHARED_WORDS
    of the smaller word set (by characters)."""
    from rapidfuzz import fuzz

    def chars(words):
        return sum(len(w) + 1 for w in words)

    def scores(a: str, b: str) -> bool:
        if not reuse.LENGTH_RATIO * len(a) <= len(b) <= len(a) / reuse.LENGTH_RATIO:
            return False
        if fuzz.ratio(a, b) >= reuse.RATIO_THRESHOLD:
            return True
        wa, wb = set(a.split()), set(b.split())
        if chars(wa & wb) < reuse.SHARED_WORDS * min(chars(wa), chars(wb)):
            return False
        return fuzz.token_set_ratio(a, b) >= reuse.SET_THRESHOLD

    for seed in (4, 5):
        frame = _synthetic(seed)
        texts = list(dict.fromkeys(frame["text_folded"]))
        own = frame.loc[frame["plan_id"].isin(["P01", "P02"]), "text_folded"].tolist()
        kept, known = reuse.matching_texts(own, reuse.TextIndex.of(texts))
        assert set(kept) == {t for t in texts if any(scores(o, t) for o in own)}
        assert 0 < len(kept) < len(texts) and len(set(kept)) == len(kept)
        assert set(known) == set(own) and all(scores(o, t) for o, got in known.items() for t in got)
