"""A list of literal words as one regular expression shaped like a trie.

Python's `re` tries the branches of `a|b|c|...` one by one at every position; hundreds of aliases then cost
hundreds of attempts per character. Sharing prefixes ("so(?:lao…|y te|…)") makes each attempt follow one path.
"""

from __future__ import annotations

import re


def trie_pattern(words: list[str] | tuple[str, ...]) -> str:
    """A pattern matching exactly `words`, preferring the longest word that matches at a position.

    Greedy optional groups try the longer continuation first, so at any position it matches what
    `"|".join(sorted(words, key=len, reverse=True))` would: the longest word that starts there.
    """
    trie: dict = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}  # end of a word

    def build(node: dict) -> str:
        branches = [re.escape(ch) + build(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if "" in node:  # a word ends here: what follows is optional
            return f"(?:{body})?"
        return body

    return build(trie) if words else "(?!)"
