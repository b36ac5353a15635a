"""Chinese word segmentation with jieba, its dictionary loaded once per process.

Two users need it, both with jieba's stock dictionary only: chart labels break
lines between words (so a chart never changes because the site's search
dictionary gained a word), and the site's search dictionary asks how the stock
dictionary splits a name. Loading jieba's dictionary takes about half a second;
loading it once and giving jieba's global tokenizer (the one Material's search
plugin uses) a copy saves a build the second load.
"""

from __future__ import annotations

import logging
from functools import lru_cache
from typing import Any


@lru_cache(maxsize=1)
def _stock() -> Any:
    import jieba

    jieba.setLogLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()  # private: never gains user words
    tokenizer.initialize()
    return tokenizer


def stock_cut(text: str) -> list[str]:
    """Words of ``text`` by jieba's stock dictionary, without HMM guessing: deterministic."""
    return list(_stock().cut(text, HMM=False))


def global_tokenizer() -> Any:
    """jieba's global tokenizer, given a copy of the stock dictionary if it has none yet."""
    import jieba

    dt = jieba.dt
    with dt.lock:
        # Only for the default dictionary: a site may point jieba at another one.
        if not dt.initialized and dt.dictionary == jieba.DEFAULT_DICT:
            stock = _stock()
            dt.FREQ, dt.total, dt.initialized = dict(stock.FREQ), stock.total, True
    return dt
