"""Chinese report text: normalisation and similarity for the duplicate-merge decision.

Chinese has no spaces, so two reports are compared on character n-grams after a
normalisation that removes what differs between writers but not between problems:
full/half-width forms, punctuation, 三号楼 vs 3号楼, sentence particles, and a small
map of field words that people write in several ways (窨井盖/阴井盖/下水道盖子 ...).
What a report is about (objects, defects, numbered things) is read by sync.lexicon,
from this module's prepared text. The figures beside each step are (precision, recall)
of v1's auto-merge on tests/merge/pairs.jsonl without it, against (0.995, 0.936).
"""

import re
import unicodedata
from collections import Counter
from functools import lru_cache

# Sentence particles that carry no meaning in a problem report. 的/了 are by far the most
# frequent; the words in PROTECTED keep the character where it is part of a real word.
# Without this step: (0.995, 0.931).
FILLER_CHARS = frozenset("了的啊呢吧呀嘛哦啦哈吗么")
PROTECTED = ("了解", "的士", "的确", "目的", "网吧", "酒吧", "吧台", "哈密", "么么")

# Field words people write in several ways -> one spelling. Data, not logic: extend it
# when a real pair of reports slips through, and re-run tests/merge/test_quality.py.
# Longer variants are replaced first. Without the map: (0.995, 0.923).
SYNONYMS: dict[str, str] = {
    # manhole covers
    "窨井盖": "井盖", "阴井盖": "井盖", "污水井盖": "井盖", "雨水井盖": "井盖",
    "检查井盖": "井盖", "下水道盖子": "井盖", "下水道盖": "井盖", "下水井盖": "井盖",
    "井盖子": "井盖", "马葫芦盖": "井盖",
    # missing / broken
    "不见了": "缺失", "丢失": "缺失", "丢了": "缺失", "没了": "缺失", "被盗": "缺失",
    "被偷": "缺失",
    "损毁": "损坏", "破损": "损坏", "坏了": "损坏", "坏掉": "损坏",
    # road surface
    "坑坑洼洼": "坑洼", "坑哇": "坑洼", "坑槽": "坑洼",
    # rubbish
    "垃级": "垃圾", "废弃物": "垃圾", "垃圾箱": "垃圾桶",
    # leaks
    "漏雨": "漏水", "渗漏": "漏水", "渗水": "漏水",
    # markets and illegal building
    "菜市场": "农贸市场", "菜场": "农贸市场",
    "私搭乱建": "违建", "乱搭乱建": "违建", "违规搭建": "违建", "违章建筑": "违建",
    # street lights
    "路登": "路灯",
}
_SYNONYM_RE = re.compile("|".join(sorted(map(re.escape, SYNONYMS), key=len, reverse=True)))

# Chinese numerals before a counting word (号, 楼, 栋 ...) or after 第 become digits, so
# 三号楼, 3号楼 and ３号楼 agree; 三里岗 or 十字路口 are left alone. Without: (0.995, 0.918).
_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4,
              "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_COUNTERS = "号楼栋幢单元期排层组户室"
_CN_NUM_RE = re.compile(
    r"(?<=第)([零〇一二两三四五六七八九十百]+)|([零〇一二两三四五六七八九十百]+)(?=[号楼栋幢单期排层组户室])"
)


def _cn_to_int(s: str) -> int | None:
    """Value of a Chinese numeral such as 三, 十二, 二十三, 一百零五 or 二七 (digit by digit)."""
    if "十" not in s and "百" not in s:
        if all(c in _CN_DIGITS for c in s):
            return int("".join(str(_CN_DIGITS[c]) for c in s))
        return None
    total, current = 0, 0
    for c in s:
        if c in _CN_DIGITS:
            current = _CN_DIGITS[c]
        elif c == "十":
            total += (current or 1) * 10
            current = 0
        elif c == "百":
            total += (current or 1) * 100
            current = 0
    return total + current


def _numerals_to_digits(text: str) -> str:
    """Replace Chinese numerals that count something with Arabic digits."""

    def repl(m: re.Match[str]) -> str:
        raw = m.group(0)
        value = _cn_to_int(raw)
        return raw if value is None else str(value)

    return _CN_NUM_RE.sub(repl, text)


# One pass: a PROTECTED word is kept whole, a filler character elsewhere is dropped.
_FILLER_RE = re.compile("(" + "|".join(map(re.escape, PROTECTED)) + ")|["
                        + "".join(sorted(FILLER_CHARS)) + "]")


def _drop_fillers(text: str) -> str:
    """Remove sentence particles, keeping the PROTECTED words intact."""
    return _FILLER_RE.sub(lambda m: m.group(1) or "", text)


# Everything but letters and numbers (Unicode categories L* and N*): \w is exactly those
# plus "_" (tests/merge/test_text.py checks every code point).
_NOT_LETTER_OR_NUMBER_RE = re.compile(r"[\W_]+")


def prepare(text: str) -> str:
    """NFKC, lower case, 3#楼 as 3号楼 and counting Chinese numerals as digits: the first
    step of every comparison of report texts (here and in sync.lexicon)."""
    s = unicodedata.normalize("NFKC", text).lower()
    return _numerals_to_digits(re.sub(r"(\d+)\s*#", r"\1号", s))


@lru_cache(maxsize=65536)
def normalise(text: str | None) -> str:
    """Canonical form of a report text for comparison (not for display); cached."""
    if not text:
        return ""
    s = _NOT_LETTER_OR_NUMBER_RE.sub("", prepare(text))
    s = _SYNONYM_RE.sub(lambda m: SYNONYMS[m.group(0)], s)
    return _drop_fillers(s)


def ngrams(text: str, n: int) -> Counter[str]:
    """Multiset of the character n-grams of text (the whole text if shorter than n)."""
    if n < 1:
        raise ValueError("n must be at least 1")
    if len(text) < n:
        return Counter([text]) if text else Counter()
    if n == 1:
        return Counter(text)
    return Counter(text[i : i + n] for i in range(len(text) - n + 1))


def dice(a: Counter[str], b: Counter[str]) -> float:
    """Multiset Dice coefficient of two n-gram counters, 0 when both are empty."""
    total = a.total() + b.total()
    if not total:
        return 0.0
    return 2 * sum(min(a[k], b[k]) for k in a.keys() & b.keys()) / total


# Weights of the similarity blend. Unigram Dice carries paraphrases (井盖没了 / 井盖缺失
# share characters, not bigrams) and measured best with thresholds re-tuned for each blend;
# at the default thresholds 0.85/0.15 gives (0.995, 0.906) and 0.5/0.5 (1.0, 0.777). The
# bigram term stays available for a deployment whose pairs say otherwise.
UNIGRAM_WEIGHT = 1.0
BIGRAM_WEIGHT = 0.0


@lru_cache(maxsize=65536)
def _grams(text: str | None) -> tuple[Counter[str], Counter[str]]:
    """Unigram and bigram counters of a normalised text, cached per raw text."""
    norm = normalise(text)
    return ngrams(norm, 1), (ngrams(norm, 2) if BIGRAM_WEIGHT else Counter())


def similarity(a: str, b: str) -> float:
    """Similarity in [0, 1] of two report texts (normalised here), on character n-grams."""
    (ua, ba), (ub, bb) = _grams(a), _grams(b)
    if not ua or not ub:
        return 0.0
    return UNIGRAM_WEIGHT * dice(ua, ub) + (BIGRAM_WEIGHT * dice(ba, bb) if BIGRAM_WEIGHT else 0)


@lru_cache(maxsize=8192)  # keyed by whole item texts, which grow with every report
def split_reports(text: str | None) -> tuple[str, ...]:
    """The report texts an item's description holds, one per line (non-empty); cached."""
    return tuple(part for part in (text or "").splitlines() if part.strip())


def best_similarity(text: str, item_text: str | None) -> float:
    """Highest similarity of text to any one report text of an item."""
    return max((similarity(text, part) for part in split_reports(item_text)), default=0.0)
