"""One jieba dictionary load serves both the charts' and the search's segmentation."""

from __future__ import annotations

import jieba

from orgkit import segment


def test_global_tokenizer_cuts_like_a_fresh_jieba() -> None:
    fresh = jieba.Tokenizer()
    text = "采购与供应链管理部负责培训新员工"
    assert segment.global_tokenizer().lcut(text, HMM=False) == fresh.lcut(text, HMM=False)


def test_stock_cut_ignores_words_added_to_the_global_tokenizer() -> None:
    before = segment.stock_cut("鲸鱼书包")
    segment.global_tokenizer().add_word("鲸鱼书包")
    try:
        assert segment.global_tokenizer().lcut("鲸鱼书包", HMM=False) == ["鲸鱼书包"]
        assert segment.stock_cut("鲸鱼书包") == before != ["鲸鱼书包"]
    finally:
        segment.global_tokenizer().del_word("鲸鱼书包")
