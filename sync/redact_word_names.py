"""Names that look like words, for sync/redact_names.py: 小名 and names made of a surname
and one everyday character.

A 小名 of the lexicon (二狗, 铁柱: name_words.tsv, class nickname) is a name before what makes
it a person's (二狗他爹, 铁柱家, 二妮说). At the start of a clause, a surname and one
character are a name before a word of speech even when they make a word (高峰反映, 方圆说),
and before 家, 的孩子 ... when they make none (管丽的孩子, never 周围的房子), unless the
character makes it a time or a place (夏天反映, 江北的房子); with an everyday surname
character (车, 时, 路) only before a word of speech (时光反映, never 管理的车). A surname
before 老三, 老五 ... is a name too (刘老三家, 王老五说), and before 家老二 the surname goes.
"""

import re
from collections.abc import Iterable

from sync.redact_lexicon import BOUNDARY, NameLexicon, blocked

_SPEECH_NEXT = r"说(?![明法服])|反映|讲|问|称|表示|投诉|举报|来电|打电话|打了"
_PERSONAL_NEXT = re.compile(rf"{_SPEECH_NEXT}|他|她"
                            r"|家(?![具电属长乡庭用禽畜政园居装务纺教族人中]|门店)"
                            r"|爹|娘|爸|妈|媳妇|老婆|两口子|爷爷|奶奶"
                            r"|的(?:[儿女媳老爹娘家房院车地羊牛狗孩娃闺]|电话|手机)")
_SPEECH_RE = re.compile(_SPEECH_NEXT)
_NOT_GIVEN = frozenset("天年月日时期末点头间边面里外部区地路方向内线口道东西南北前后左右上下")
_ORDINAL_RE = re.compile(r"(?<=[\u4e00-\u9fff])(家)?老[大二三四五六七八九幺]")   # 刘老三, 申家老二
_LEADS = BOUNDARY | frozenset("听据找问叫让帮给跟")   # 听单雪说


def word_names(text: str, lx: NameLexicon, starts: Iterable[int]) -> Iterable[tuple[int, int]]:
    """(start, end) of the 小名 in text and of the word-like names at the clause starts."""
    for m in lx.words["nickname"].finditer(text):
        if _PERSONAL_NEXT.match(text, m.end()):
            yield m.start(), m.end()
    for i in starts:
        if _word_name(text, i, lx):
            yield i, i + 2
    for m in _ORDINAL_RE.finditer(text):
        i = m.start() - 1
        if text[i] in lx.common and (m.group(1) or _PERSONAL_NEXT.match(text, m.end())
                                     or m.end() == len(text) or text[m.end()] in BOUNDARY):
            yield i, (m.start() if m.group(1) else m.end())


def _word_name(text: str, i: int, lx: NameLexicon) -> bool:
    """A surname and one character at i, at a clause start, before a person's word."""
    if i + 2 >= len(text) or not (i == 0 or text[i - 1] in _LEADS):
        return False
    surname, given = text[i], text[i + 1]
    if not ("\u4e00" <= given <= "\u9fff") or given in lx.stop or given in _NOT_GIVEN:
        return False
    if lx.words["cue"].at(text, i) or lx.words["title"].at(text, i + 1):
        return False
    if _SPEECH_RE.match(text, i + 2):
        return surname in lx.common or surname in lx.word
    return (surname in lx.common and bool(_PERSONAL_NEXT.match(text, i + 2))
            and not blocked(text, i, lx, i + 2, ordinary=True))
