"""Unit tests of sync.text: normalisation, n-grams and similarity; what a text is about
(objects, numbered things) as sync.lexicon reads it from the prepared text."""

import sys
import unicodedata

import pytest

from sync.lexicon import analyse, conflict
from sync.text import (
    _NOT_LETTER_OR_NUMBER_RE,
    best_similarity,
    ngrams,
    normalise,
    similarity,
)


def test_full_width_letters_digits_and_punctuation():
    """NFKC folds full-width forms; punctuation and spaces of both widths go."""
    assert normalise("ＡＢＣ路１２３号！") == "abc路123号"
    assert normalise("井盖，缺失。 井盖,缺失.\u3000(东街)") == "井盖缺失井盖缺失东街"


def test_only_letters_and_numbers_survive_for_every_code_point():
    """The regex normalise uses keeps exactly Unicode's letters and numbers."""
    kept = _NOT_LETTER_OR_NUMBER_RE.sub("", "".join(map(chr, range(sys.maxunicode + 1))))
    expected = "".join(c for c in map(chr, range(sys.maxunicode + 1))
                       if unicodedata.category(c)[0] in "LN")
    assert kept == expected


def test_chinese_numerals_that_count_become_digits():
    """三号楼, 3号楼, ３号楼 and 3#楼 agree; place names keep their numerals."""
    assert normalise("三号楼") == normalise("3号楼") == normalise("３号楼") == normalise("3#楼")
    assert normalise("十二号楼二单元") == "12号楼2单元"
    assert normalise("第二十三排") == "第23排"
    assert normalise("郭老庄三期") == "郭老庄3期"
    assert normalise("三里岗社区十字路口") == "三里岗社区十字路口"


def test_fillers_go_but_real_words_stay():
    """Particles are dropped; 了解 and 网吧 keep their characters."""
    assert normalise("井盖丢了啊！晚上的路灯也不亮呢吧") == "井盖缺失晚上路灯也不亮"
    assert normalise("了解网吧的情况") == "了解网吧情况"
    assert normalise("的士的的确了了解吧台吧哈密么么么") == "的士的确了解吧台哈密么么"


def test_synonyms_fold_field_words():
    """窨井盖, 阴井盖 and 下水道盖子 are all 井盖; 菜市场 is 农贸市场."""
    assert normalise("窨井盖") == normalise("阴井盖") == normalise("下水道盖子") == "井盖"
    assert normalise("菜市场") == "农贸市场"


def test_empty_text():
    """None and empty text normalise to the empty string and compare as 0."""
    assert normalise(None) == normalise("") == ""
    assert similarity("", "井盖") == 0.0


def test_ngrams():
    """Character n-grams with counts; short text is its own gram."""
    assert ngrams("井盖井盖", 2) == {"井盖": 2, "盖井": 1}
    assert ngrams("井", 2) == {"井": 1}
    assert ngrams("", 2) == {}
    with pytest.raises(ValueError):
        ngrams("井盖", 0)


def test_similarity_bounds_and_symmetry():
    """Identical texts score 1, the score is symmetric and within [0, 1]."""
    a, b = "东街口窨井盖缺失", "中华路路灯不亮"
    assert similarity(a, a) == 1.0
    assert similarity(a, b) == similarity(b, a)
    assert 0.0 <= similarity(a, b) < 0.2


def test_similarity_ranks_rewording_above_other_problem():
    """Two wordings of one problem score higher than two problems at one place."""
    same = similarity("东街口窨井盖被偷了，太危险", "东街路口井盖丢失")
    other = similarity("东街口窨井盖被偷了，太危险", "东街路口垃圾没人清运")
    assert same > 0.5 > other


def test_similarity_ignores_width_and_punctuation():
    """Full-width and punctuation differences do not change the score."""
    assert similarity("３号楼前路面塌陷！", "3号楼前路面塌陷") == 1.0


def test_best_similarity_takes_the_closest_report_of_an_item():
    """An item holding several reports is compared line by line."""
    item = "路灯不亮\n东街口井盖缺失，存在安全隐患"
    assert best_similarity("东街口井盖缺失", item) > similarity("东街口井盖缺失", item)
    assert best_similarity("井盖", "") == 0.0


def test_objects_match_longest_word_first():
    """坑塘 is a pond, not a pothole; 红绿灯 is a signal, not a street light."""
    assert analyse("窨井盖丢了").objects == {"井盖"}
    assert analyse("坑塘没有护栏").objects == {"坑塘", "护栏"}
    assert analyse("路口红绿灯坏了").objects == {"信号灯"}
    assert analyse("情况已反映").objects == frozenset()


def test_numbers_conflict_only_on_different_numbers_of_one_kind():
    """3号楼 vs 5号楼 conflict; 三号楼 vs 3号楼 and 8号楼 vs 8号楼2单元 do not."""
    def differ(a, b):
        return conflict(analyse(a), analyse(b))
    assert differ("3号楼前塌陷", "5号楼前塌陷") == "identifier:building"
    assert differ("三号楼", "3号楼") is None
    assert differ("8号楼", "8号楼2单元电梯") is None
    assert differ("3号楼", "路口") is None


def test_dates_are_not_house_numbers():
    """11月3号 is a date; 东街12号 is an address."""
    assert analyse("11月13号发现东街12号门口井盖缺失").identifiers == {("house", "12")}
