"""explorer.reuse: near-duplicate paragraphs across plans and the share of reused text."""

from __future__ import annotations

import pandas as pd
import pytest

from explorer import reuse
from loaders.textnorm import fold

TEMPLATE = ("Tổ chức các hoạt động truyền thông, phổ biến chính sách pháp luật về bình đẳng giới cho cán bộ, "
            "công chức và nhân dân trên địa bàn")
LOCAL = "Xây dựng mô hình câu lạc bộ phụ nữ dân tộc Mông tại xã Pác Nặm với sự hỗ trợ của Hội Liên hiệp Phụ nữ huyện"


def lines(rows: list[tuple[str, int, str]]) -> pd.DataFrame:
    return pd.DataFrame([{"plan_id": p, "idx": i, "text": x, "text_folded": fold(x)} for p, i, x in rows])


def shared_of(frame: pd.DataFrame, own_plan: str = "A") -> dict[int, bool]:
    found = reuse.find_reuse(frame[frame["plan_id"] == own_plan], frame)
    return dict(zip(found["idx"], found["shared"], strict=True))


@pytest.mark.parametrize(("mine", "theirs", "shared"), [
    (TEMPLATE, TEMPLATE, True),  # verbatim
    (TEMPLATE, TEMPLATE.upper(), True),  # case
    (TEMPLATE, fold(TEMPLATE), True),  # diacritics: compared on folded text
    (TEMPLATE, TEMPLATE.replace("cán bộ", "viên chức"), True),  # small edit: ratio >= 85
    (TEMPLATE, "Trên địa bàn, " + TEMPLATE.replace(" trên địa bàn", ""), True),  # reordered: token_set_ratio
    (TEMPLATE, TEMPLATE + " tỉnh Bắc Kạn năm 2018", True),  # a few words added: token_set_ratio
    (TEMPLATE, LOCAL, False),
])
def test_near_duplicates(mine, theirs, shared):
    frame = lines([("A", 0, mine), ("B", 0, theirs)])
    assert shared_of(frame) == {0: shared}


def test_same_plan_does_not_count():
    frame = lines([("A", 0, TEMPLATE), ("A", 1, TEMPLATE), ("B", 0, LOCAL)])
    assert shared_of(frame) == {0: False, 1: False}


def test_text_carried_by_own_and_other_plan_counts_once_per_other_plan():
    frame = lines([("A", 0, TEMPLATE), ("B", 3, TEMPLATE), ("C", 5, TEMPLATE + " năm 2024"), ("D", 0, LOCAL)])
    found = reuse.find_reuse(frame[frame["plan_id"] == "A"], frame).iloc[0]
    assert found["shared"] and found["n_plans"] == 2
    assert found["matched_plans"] == ["B", "C"]  # best match first
    assert (found["best_plan_id"], found["best_idx"], found["best_score"]) == ("B", 3, 100.0)


def test_length_prefilter_skips_a_short_paragraph_inside_a_long_one():
    """A subset of words gives token_set_ratio 100, but a paragraph three times longer is not a near-duplicate."""
    long = " ".join([TEMPLATE, LOCAL, LOCAL])
    frame = lines([("A", 0, TEMPLATE), ("B", 0, long)])
    assert shared_of(frame) == {0: False}
    assert reuse.find_reuse(frame[frame["plan_id"] == "A"], frame, length_ratio=0.01)["shared"].tolist() == [True]


def test_thresholds_are_parameters():
    edited = TEMPLATE.replace("truyền thông", "tuyên truyền").replace("cán bộ", "đoàn viên")
    frame = lines([("A", 0, TEMPLATE), ("B", 0, edited)])
    loose = reuse.find_reuse(frame[frame["plan_id"] == "A"], frame, ratio_threshold=80)
    strict = reuse.find_reuse(frame[frame["plan_id"] == "A"], frame, ratio_threshold=99, set_threshold=99)
    assert loose["shared"].tolist() == [True]
    assert strict["shared"].tolist() == [False]


def test_word_prefilter_agrees_with_scoring_every_candidate(monkeypatch):
    """The shared-word prefilter in front of token_set_ratio changes nothing on these paragraphs."""
    texts = [TEMPLATE, LOCAL, TEMPLATE.replace("cán bộ", "viên chức"), "Trên địa bàn, " + TEMPLATE,
             LOCAL + " và các đoàn thể", "Báo cáo kết quả thực hiện về Sở Lao động - Thương binh và Xã hội trước 15/12"]
    frame = lines([(plan, i, x) for plan in "ABC" for i, x in enumerate(texts[: 3 + "ABC".index(plan)])])
    fast = reuse.find_reuse(frame, frame)
    monkeypatch.setattr(reuse, "SHARED_WORDS", 0.0)
    slow = reuse.find_reuse(frame, frame)
    assert fast["shared"].tolist() == slow["shared"].tolist()
    assert fast["matched_plans"].tolist() == slow["matched_plans"].tolist()


def test_paragraphs_keeps_lines_longer_than_min_chars():
    frame = lines([("A", 0, "Nơi nhận:"), ("A", 1, TEMPLATE), ("A", 2, "x" * 60), ("A", 3, "x" * 61)])
    assert reuse.paragraphs(frame)["idx"].tolist() == [1, 3]
    assert reuse.paragraphs(frame, min_chars=200).empty
    assert reuse.paragraphs(frame.iloc[0:0]).empty


def test_summarize_share_by_characters():
    frame = lines([("A", 0, TEMPLATE), ("A", 1, LOCAL), ("B", 0, TEMPLATE)])
    found = reuse.find_reuse(frame[frame["plan_id"] == "A"], frame)
    summary = reuse.summarize(found).set_index("plan_id").loc["A"]
    assert summary["paragraphs"] == 2 and summary["shared_paragraphs"] == 1
    assert summary["chars"] == len(fold(TEMPLATE)) + len(fold(LOCAL))
    assert summary["shared_chars"] == len(fold(TEMPLATE))
    assert summary["share"] == pytest.approx(len(fold(TEMPLATE)) / summary["chars"])


def test_empty_inputs():
    empty = lines([])
    assert reuse.find_reuse(empty, empty).empty
    assert list(reuse.find_reuse(empty, empty).columns) == reuse.REUSE_COLUMNS
    assert reuse.summarize(reuse.find_reuse(empty, empty)).empty
    alone = lines([("A", 0, TEMPLATE)])
    assert reuse.find_reuse(alone, empty)["shared"].tolist() == [False]
    assert reuse.summarize(reuse.find_reuse(alone, alone))["share"].tolist() == [0.0]
