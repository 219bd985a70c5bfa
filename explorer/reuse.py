"""Text reuse between plans: which paragraphs of a plan are near-duplicates of paragraphs in other plans. Pure.

Plans are often written from a template (the province's plan, the ministry's guidance), so a paragraph counts as
*shared* when some paragraph of another plan is a near-duplicate of it on folded text (lower case, no diacritics):
`fuzz.token_set_ratio >= 90` (same words, maybe reordered or with a few added) or `fuzz.ratio >= 85` (same text
with small edits). Everything else is *unique*: what is local in this plan.

Only the selected plans' paragraphs are compared, each against the paragraphs of other plans whose length is
within `length_ratio` of its own (sorted lengths + binary search), so the work grows with the selection, not with
the square of the corpus.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from rapidfuzz import fuzz, process

MIN_CHARS = 60  # paragraphs shorter than this (headings, signatures, "Nơi nhận:") are not compared
SET_THRESHOLD = 90  # fuzz.token_set_ratio
RATIO_THRESHOLD = 85  # fuzz.ratio
LENGTH_RATIO = 0.6  # candidates are at least 60 % and at most 1/0.6 of the paragraph's length
SHARED_WORDS = 0.75  # token_set_ratio >= 90 needs ~82 % of the smaller word set shared; 0.75 leaves a margin

REUSE_COLUMNS = ["plan_id", "idx", "chars", "shared", "n_plans", "matched_plans", "best_score", "best_plan_id",
                 "best_idx"]
SUMMARY_COLUMNS = ["plan_id", "paragraphs", "shared_paragraphs", "chars", "shared_chars", "share"]


def paragraphs(lines: pd.DataFrame, min_chars: int = MIN_CHARS) -> pd.DataFrame:
    """The lines long enough to count as paragraphs (more than `min_chars` characters of folded text)."""
    if lines.empty:
        return lines.copy()
    return lines[lines["text_folded"].fillna("").str.len() > min_chars].copy()


def find_reuse(own: pd.DataFrame, corpus: pd.DataFrame, *, set_threshold: int = SET_THRESHOLD,
               ratio_threshold: int = RATIO_THRESHOLD, length_ratio: float = LENGTH_RATIO) -> pd.DataFrame:
    """For every paragraph of `own` (plan_id, idx, text_folded), its near-duplicates among the paragraphs of *other*
    plans in `corpus` (same columns; may include `own`'s plans, which are skipped).

    Returns one row per paragraph of `own`: chars (length of the folded text), shared (bool), n_plans (other plans
    with a near-duplicate), matched_plans (their plan ids, best match first), best_score, best_plan_id, best_idx.
    """
    if own.empty:
        return pd.DataFrame(columns=REUSE_COLUMNS)
    # Each distinct text is scored once, however many plans carry it (templates repeat paragraphs verbatim).
    owners: dict[str, list[tuple[str, object]]] = {}
    if not corpus.empty:
        for plan_id, idx, text in zip(corpus["plan_id"].astype(str), corpus["idx"],
                                      corpus["text_folded"].fillna("").astype(str), strict=True):
            owners.setdefault(text, []).append((plan_id, idx))
    texts = list(owners)
    lengths = np.array([len(x) for x in texts], dtype=np.int64)
    order = np.argsort(lengths, kind="stable")
    sorted_lengths = lengths[order]
    # The one plan that carries a text, or "" when several do: a text is a candidate unless only this plan has it.
    sole_plan = np.array([plans[0][0] if len({p for p, _ in plans}) == 1 else "" for plans in owners.values()],
                         dtype=object)
    index = _TokenIndex(texts)

    rows = []
    for plan_id, idx, text in zip(own["plan_id"].astype(str), own["idx"],
                                  own["text_folded"].fillna("").astype(str), strict=True):
        n = len(text)
        lo = np.searchsorted(sorted_lengths, n * length_ratio, side="left")
        hi = np.searchsorted(sorted_lengths, n / length_ratio if length_ratio > 0 else np.inf, side="right")
        window = order[lo:hi]
        window = window[sole_plan[window] != plan_id]
        best: dict[str, tuple[float, object]] = {}  # other plan -> (best score, its paragraph idx)
        if len(window):
            # ratio = 2·matches / (len a + len b) cannot reach the threshold when the lengths differ more than this.
            bound = ratio_threshold / (200 - ratio_threshold)
            near = np.flatnonzero((lengths[window] >= n * bound) & (lengths[window] * bound <= n))
            scores = np.zeros(len(window))
            if len(near):
                scores[near] = process.cdist([text], [texts[j] for j in window[near]], scorer=fuzz.ratio,
                                             score_cutoff=ratio_threshold)[0]
            # token_set_ratio is ~20x dearer than ratio: only for texts sharing most of the words (by characters)
            # of the smaller word set, which it needs to reach the threshold.
            shared, own_chars = index.overlap(text)
            needed = SHARED_WORDS * np.minimum(own_chars, index.set_chars[window])
            worth = np.flatnonzero((scores == 0) & (shared[window] >= needed))
            if len(worth):
                by_set = process.cdist([text], [texts[j] for j in window[worth]], scorer=fuzz.token_set_ratio,
                                       score_cutoff=set_threshold)[0]
                scores[worth] = by_set
            for k in np.flatnonzero(scores > 0):
                for other, other_idx in owners[texts[window[k]]]:
                    if other != plan_id and (other not in best or scores[k] > best[other][0]):
                        best[other] = (float(scores[k]), other_idx)
        ranked = sorted(best.items(), key=lambda item: (-item[1][0], item[0]))
        rows.append({
            "plan_id": plan_id, "idx": idx, "chars": n, "shared": bool(ranked), "n_plans": len(ranked),
            "matched_plans": [p for p, _ in ranked],
            "best_score": ranked[0][1][0] if ranked else None,
            "best_plan_id": ranked[0][0] if ranked else None,
            "best_idx": ranked[0][1][1] if ranked else None,
        })
    return pd.DataFrame(rows, columns=REUSE_COLUMNS)


class _TokenIndex:
    """Words (split on white space, as token_set_ratio does) of each text, for counting shared words fast."""

    def __init__(self, texts: list[str]) -> None:
        self.ids: dict[str, int] = {}
        hits: list[int] = []
        words_of: list[int] = []
        set_chars = np.zeros(len(texts), dtype=np.float64)
        for j, text in enumerate(texts):
            words = set(text.split())
            set_chars[j] = sum(map(len, words)) + len(words)
            ids = [self.ids.setdefault(w, len(self.ids)) for w in words]
            words_of.extend(ids)
            hits.extend([j] * len(ids))
        # Postings (texts per word) from one sort instead of growing a list per word.
        word_arr = np.array(words_of, dtype=np.int64)
        text_arr = np.array(hits, dtype=np.int64)
        by_word = np.argsort(word_arr, kind="stable")
        bounds = np.searchsorted(word_arr[by_word], np.arange(len(self.ids) + 1))
        sorted_texts = text_arr[by_word]
        self.postings = [sorted_texts[bounds[k]:bounds[k + 1]] for k in range(len(self.ids))]
        self.set_chars = set_chars
        self.size = len(texts)

    def overlap(self, text: str) -> tuple[np.ndarray, float]:
        """Characters (word length + 1) of `text`'s distinct words found in each text; and `text`'s own total."""
        words = set(text.split())
        own_chars = float(sum(len(w) + 1 for w in words))
        known = [(self.postings[self.ids[w]], len(w) + 1) for w in words if w in self.ids]
        if not known or not self.size:
            return np.zeros(self.size), own_chars
        hits = np.concatenate([p for p, _ in known])
        weights = np.concatenate([np.full(len(p), c, dtype=np.float64) for p, c in known])
        return np.bincount(hits, weights=weights, minlength=self.size), own_chars


def summarize(reuse: pd.DataFrame) -> pd.DataFrame:
    """Per plan: paragraphs, shared paragraphs, characters, shared characters and the share of reused text."""
    if reuse.empty:
        return pd.DataFrame(columns=SUMMARY_COLUMNS)
    frame = reuse.assign(shared_chars=reuse["chars"].where(reuse["shared"], 0),
                         shared_paragraphs=reuse["shared"].astype(int))
    out = frame.groupby("plan_id", sort=False).agg(
        paragraphs=("idx", "size"), shared_paragraphs=("shared_paragraphs", "sum"), chars=("chars", "sum"),
        shared_chars=("shared_chars", "sum")).reset_index()
    out["share"] = (out["shared_chars"] / out["chars"].where(out["chars"] > 0)).fillna(0.0)
    return out[SUMMARY_COLUMNS]
