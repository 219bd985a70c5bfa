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

from collections.abc import Callable

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
               ratio_threshold: int = RATIO_THRESHOLD, length_ratio: float = LENGTH_RATIO,
               known: dict[str, dict[str, float]] | None = None) -> pd.DataFrame:
    """For every paragraph of `own` (plan_id, idx, text_folded), its near-duplicates among the paragraphs of *other*
    plans in `corpus` (same columns; may include `own`'s plans, which are skipped).

    Returns one row per paragraph of `own`: chars (length of the folded text), shared (bool), n_plans (other plans
    with a near-duplicate), matched_plans (their plan ids, best match first), best_score, best_plan_id, best_idx.

    Whether two paragraphs match depends on their two texts only (`TextIndex.scores`), so the result is the same
    for any `corpus` that keeps, in their order, every row whose text matches one of `own` (`matching_texts`).
    `known` (from `matching_texts`, same thresholds): an own text's scores against every text of the corpus window
    that scores, so they are not computed again; texts it does not name score 0.
    """
    if own.empty:
        return pd.DataFrame(columns=REUSE_COLUMNS)
    # Each distinct text is scored once, however many plans carry it (templates repeat paragraphs verbatim).
    owners: dict[str, list[tuple[str, object]]] = {}
    if not corpus.empty:
        for plan_id, idx, text in zip(corpus["plan_id"].astype(str).tolist(), corpus["idx"].tolist(),
                                      _strings(corpus["text_folded"]), strict=True):
            owners.setdefault(text, []).append((plan_id, idx))
    texts = TextIndex(list(owners))
    # The one plan that carries a text, or "" when several do: a text is a candidate unless only this plan has it.
    sole_plan = np.array([plans[0][0] if len({p for p, _ in plans}) == 1 else "" for plans in owners.values()],
                         dtype=object)

    rows = []
    for plan_id, idx, text in zip(own["plan_id"].astype(str), own["idx"],
                                  own["text_folded"].fillna("").astype(str), strict=True):
        n = len(text)
        window = texts.window(n, length_ratio)
        window = window[sole_plan[window] != plan_id]
        best: dict[str, tuple[float, object]] = {}  # other plan -> (best score, its paragraph idx)
        if known is not None and text in known:
            scored = [(texts.position[t], score) for t, score in known[text].items() if t in texts.position]
            by_text = np.zeros(len(texts.texts))
            if scored:
                by_text[[j for j, _ in scored]] = [score for _, score in scored]
            scores = by_text[window]
        else:
            scores = texts.scores(text, window, set_threshold, ratio_threshold)
        for k in np.flatnonzero(scores > 0):
            for other, other_idx in owners[texts.texts[window[k]]]:
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


def _strings(column: pd.Series) -> list[str]:
    """`column.fillna("").astype(str).tolist()`, without converting a column of Python strings to pandas' str dtype
    first (~1 s for 350,000 texts)."""
    if column.dtype == object:
        return [x if isinstance(x, str) else "" if _missing(x) else str(x) for x in column.tolist()]
    return column.fillna("").astype(str).tolist()


def _missing(value) -> bool:
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def matching_texts(own_texts, texts: TextIndex, *, set_threshold: int = SET_THRESHOLD,
                   ratio_threshold: int = RATIO_THRESHOLD,
                   length_ratio: float = LENGTH_RATIO) -> tuple[list[str], dict[str, dict[str, float]]]:
    """The distinct texts of `texts` that are a near-duplicate of at least one of `own_texts` (scored as in
    `find_reuse`), and each own text's scores against them (for `find_reuse(known=...)`).

    A corpus reduced to the rows carrying one of these texts (every such row, in the corpus order) plus the own
    plans' rows gives `find_reuse` the same result as the whole corpus: every other row scores 0 against every own
    paragraph, and the kept rows keep their order (first appearance, then length), which breaks ties.
    """
    hit = np.zeros(len(texts.texts), dtype=bool)
    known: dict[str, dict[str, float]] = {}
    for text in dict.fromkeys("" if not isinstance(x, str) else x for x in own_texts):
        window = texts.window(len(text), length_ratio)
        scores = texts.scores(text, window, set_threshold, ratio_threshold)
        found = np.flatnonzero(scores > 0)
        hit[window[found]] = True
        known[text] = {texts.texts[window[k]]: float(scores[k]) for k in found}
    return [texts.texts[j] for j in np.flatnonzero(hit)], known


class TextIndex:
    """Distinct paragraph texts sorted by length (for length windows) with their words (for the shared-words test)."""

    def __init__(self, texts: list[str]) -> None:
        self.texts = texts
        self.lengths = np.array([len(x) for x in texts], dtype=np.int64)
        self.order = np.argsort(self.lengths, kind="stable")
        self.sorted_lengths = self.lengths[self.order]
        self._index: _TokenIndex | None = None
        self._position: dict[str, int] | None = None

    @classmethod
    def of(cls, texts) -> TextIndex:
        """The index of the distinct texts among `texts`, in their order of first appearance (None/NaN skipped)."""
        return cls(list(dict.fromkeys(x for x in texts if isinstance(x, str))))

    @property
    def position(self) -> dict[str, int]:
        """Each text's position in `texts`."""
        if self._position is None:
            self._position = {text: j for j, text in enumerate(self.texts)}
        return self._position

    @property
    def index(self) -> _TokenIndex:
        """The texts' words, built when first needed (not when every score is known)."""
        if self._index is None:
            self._index = _TokenIndex(self.texts)
        return self._index

    def window(self, n: int, length_ratio: float) -> np.ndarray:
        """Positions of the texts whose length is within `length_ratio` of n, shortest first (stable)."""
        lo = np.searchsorted(self.sorted_lengths, n * length_ratio, side="left")
        hi = np.searchsorted(self.sorted_lengths, n / length_ratio if length_ratio > 0 else np.inf, side="right")
        return self.order[lo:hi]

    def scores(self, text: str, window: np.ndarray, set_threshold: int, ratio_threshold: int) -> np.ndarray:
        """The score of `text` against each text of `window` (0 below both thresholds). Each score depends only on
        the two texts."""
        n = len(text)
        scores = np.zeros(len(window))
        if not len(window):
            return scores
        lengths, texts, index = self.lengths, self.texts, self.index
        # ratio = 2·matches / (len a + len b) cannot reach the threshold when the lengths differ more than this.
        bound = ratio_threshold / (200 - ratio_threshold)
        near = np.flatnonzero((lengths[window] >= n * bound) & (lengths[window] * bound <= n))
        if len(near):
            scores[near] = process.cdist([text], [texts[j] for j in window[near]], scorer=fuzz.ratio,
                                         score_cutoff=ratio_threshold)[0]
        # token_set_ratio is ~20x dearer than ratio: only for texts sharing most of the words (by characters)
        # of the smaller word set, which it needs to reach the threshold.
        shared, own_chars = index.overlap(text)
        needed = SHARED_WORDS * np.minimum(own_chars, index.set_chars[window])
        worth = np.flatnonzero((scores == 0) & (shared[window] >= needed))
        if len(worth):
            scores[worth] = process.cdist([text], [texts[j] for j in window[worth]], scorer=fuzz.token_set_ratio,
                                          score_cutoff=set_threshold)[0]
        return scores


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


def corpus_texts(run: Callable[..., pd.DataFrame], min_chars: int = MIN_CHARS) -> TextIndex:
    """The distinct folded texts of every plan's paragraphs (explorer/sql/compare_texts.sql): the same for every
    selection, so a page keeps one per database (templates make them few: 20,000 for 370,000 paragraphs of the
    10,000-plan benchmark)."""
    texts = run("compare_texts", min_chars=min_chars)["text_folded"]
    return TextIndex.of(x for x in texts if isinstance(x, str) and len(x) > min_chars)  # paragraphs(), as below


def reuse_of_plans(selected, run: Callable[..., pd.DataFrame], *, texts: TextIndex | None = None,
                   min_chars: int = MIN_CHARS, set_threshold: int = SET_THRESHOLD,
                   ratio_threshold: int = RATIO_THRESHOLD,
                   length_ratio: float = LENGTH_RATIO) -> tuple[pd.DataFrame, pd.DataFrame]:
    """`find_reuse` of the selected plans' paragraphs among every plan's, reading only what can match.

    `run(name, **params)` runs explorer/sql/<name>.sql; `texts`: `corpus_texts(run, min_chars)` (read when not
    given). Reads the selected plans' paragraphs (compare_own_lines), scores them against the corpus's distinct
    texts (`matching_texts`) and reads only the paragraphs carrying a matching text, as (plan_id, idx, text number)
    (compare_text_plans), instead of the text of every paragraph of every plan (the former compare_lines: 370,000
    rows, 94 MB of text at 10,000 plans). The result equals `find_reuse(own, every paragraph)` (see `matching_texts`).

    Returns (found, shown): `find_reuse`'s rows, and the paragraphs to show (plan_id, idx, line_start, line_end,
    text): the selected plans' own and their best matches, ordered by plan_id, idx.
    """
    shown_columns = ["plan_id", "idx", "line_start", "line_end", "text"]
    selected = list(dict.fromkeys(str(p) for p in selected))
    own = paragraphs(run("compare_own_lines", plan_ids=selected, min_chars=min_chars)) if selected else pd.DataFrame()
    if own.empty:
        return pd.DataFrame(columns=REUSE_COLUMNS), pd.DataFrame(columns=shown_columns)
    if texts is None:
        texts = corpus_texts(run, min_chars)
    wanted, known = matching_texts(own["text_folded"], texts, set_threshold=set_threshold,
                                   ratio_threshold=ratio_threshold, length_ratio=length_ratio)
    # Texts as Python objects: pandas would copy 350,000 of them into its str dtype (~1 s) for nothing.
    corpus = own[["plan_id", "idx"]].assign(text_folded=pd.Series(own["text_folded"].tolist(), index=own.index,
                                                                  dtype=object))
    if wanted:
        carriers = run("compare_text_plans", texts=wanted, min_chars=min_chars)
        lookup = np.array([None, *wanted], dtype=object)
        others = pd.DataFrame({"plan_id": carriers["plan_id"].astype(own["plan_id"].dtype),
                               "idx": carriers["idx"].astype(own["idx"].dtype),
                               "text_folded": pd.Series(lookup[carriers["k"].to_numpy(dtype=np.int64)], dtype=object)})
        corpus = pd.concat([corpus, others], ignore_index=True).drop_duplicates(["plan_id", "idx"])
    # Every paragraph of the corpus that can matter, in the order of the whole corpus as read before (plan_id, idx).
    corpus = corpus.sort_values(["plan_id", "idx"], kind="stable").reset_index(drop=True)
    found = find_reuse(own, corpus, set_threshold=set_threshold, ratio_threshold=ratio_threshold,
                       length_ratio=length_ratio, known=known)
    best = found.dropna(subset=["best_plan_id"])
    shown = own[shown_columns]
    if not best.empty:
        matched = run("compare_best_lines", best_plan_ids=best["best_plan_id"].astype(str).tolist(),
                      best_idx=[int(i) for i in best["best_idx"]])
        shown = pd.concat([shown, matched[shown_columns]], ignore_index=True)
        shown = shown.drop_duplicates(["plan_id", "idx"]).sort_values(["plan_id", "idx"], kind="stable")
    return found, shown.reset_index(drop=True)


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
