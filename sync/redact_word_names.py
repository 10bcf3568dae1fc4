"""Names that look like words, for sync/redact_names.py: 小名 and names made of a surname
and one everyday character.

A 小名 of the lexicon (二狗, 铁柱: name_words.tsv, class nickname) is a name before what makes
it a person's (二狗他爹, 铁柱家, 二妮说). At the start of a clause, a surname and one
character are a name before a word of speech even when they make a word (高峰反映, 方圆说),
and before 家, 的孩子 ... when they make none (管丽的孩子, never 周围的房子), unless the
character makes it a time or a place (夏天反映, 江北的房子); with an everyday surname
character (车, 时, 路) only before a word of speech (时光反映, never 管理的车). A surname
before 老三, 老五 ... is a name too (刘老三家, 王老五说), and before 家老二 the surname goes.
A given name alone (春生, 改云, 妮儿) at a clause start is a name before a kin word of its own
(安全他爹, 喜旺叔: even when it is a word), and before 家, 说 ... when it makes no word
(春生家后墙, 改云说; never 大家说, 刚才说). A 小名 opening a clause is a name before anything
but a shop (黑蛋骑摩托…, not 二狗粮店); one that is also a thing (铁柱, 柱子) needs 家, 说 ...
Two given names paired at a clause start are names (建国跟建军俩, 秀兰和桂英姐妹).
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
_KIN_NEXT = re.compile(r"[他她](?:爹|妈|娘|爸|奶|爷|哥|姐|弟|妹|嫂|叔|婶|媳妇|男人|对象|家)"
                       r"|[叔婶伯嫂](?![叔婶伯嫂子])|[俩两]口子")
_HOME_NEXT = re.compile(rf"家(?![具电属长乡庭用禽畜政园居装务纺教族人中乐常伙])|{_SPEECH_NEXT}")
_WORD_NICKNAMES = frozenset({"柱子", "锁子", "栓子", "虎子", "愣子", "憨子", "二小", "三小", "小胖",
                             "铁柱"})   # also things: 铁柱倒了
_SHOP_NEXT = frozenset("店铺馆粮面饭超烩汤包酒菜肉")   # 二狗粮店
_PAIR_RE = re.compile(r"([\u4e00-\u9fff]{2})[跟和与]([\u4e00-\u9fff]{2})"
                      r"(?=俩|两口子|俩口子|两个|兄弟|姐妹|夫妻|弟兄)")   # 建国跟建军俩
_NOT_ALONE = frozenset({"孩子", "娃子", "小孩", "闺女", "儿子", "孙子", "老人", "人家", "大家",
                        "大人", "男人", "女人", "老头", "老婆", "媳妇", "邻居", "同学", "朋友",
                        "全家", "东家", "俺家", "自家", "娘家", "婆家", "亲家", "公家", "大伙"})


def word_names(text: str, lx: NameLexicon, starts: Iterable[int]) -> Iterable[tuple[int, int]]:
    """(start, end) of the 小名 in text and of the word-like names at the clause starts."""
    starts = list(starts)
    opening = set(starts)
    for m in lx.words["nickname"].finditer(text):   # 黑蛋骑摩托…: any 小名 opening a clause
        if _PERSONAL_NEXT.match(text, m.end()) or (
                m.start() in opening and m.group() not in _WORD_NICKNAMES
                and text[m.end():m.end() + 1] not in _SHOP_NEXT):
            yield m.start(), m.end()
    for i in starts:
        if _word_name(text, i, lx):
            yield i, i + 2
        n = _given_alone(text, i, lx)
        if n:
            yield i, i + n
    for m in _PAIR_RE.finditer(text):   # two given names as a pair: 秀兰和桂英姐妹
        if (m.start() in opening and m.group(1) not in _NOT_ALONE
                and m.group(2) not in _NOT_ALONE
                and all(ch in lx.given or ch in lx.common for ch in m.group(1) + m.group(2))):
            yield m.span(1)
            yield m.span(2)
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
    if _KIN_NEXT.match(text, i + 2) and text[i:i + 2] not in _NOT_ALONE:   # 齐心她妈
        return surname in lx.common or surname in lx.word
    if _SPEECH_RE.match(text, i + 2):   # 时光反映; but 后来说, 本来说: a word and 说
        if surname in lx.word and text[i:i + 2] in lx.bound and text.startswith("说", i + 2):
            return False
        return surname in lx.common or surname in lx.word
    return (surname in lx.common and bool(_PERSONAL_NEXT.match(text, i + 2))
            and not blocked(text, i, lx, i + 2, ordinary=True))


def _given_alone(text: str, i: int, lx: NameLexicon) -> int:
    """Length of a given name without a surname at a clause start (春生家, 妮儿她奶), 0 if none."""
    if not (i == 0 or text[i - 1] in _LEADS):
        return 0
    two = text[i:i + 2]
    n = 3 if text.startswith("儿", i + 2) else 2   # 妮儿, 小芳儿
    if n == 3:
        two = text[i + 1:i + 3] if text[i] == "小" else two
    if (len(two) < 2 or two in _NOT_ALONE or two[1] in _NOT_GIVEN
            or not (two[0] in lx.given or two[0] == "小") or two[1] not in lx.given | {"儿"}
            or lx.words["cue"].at(text, i) or lx.words["title"].at(text, i + 1)):
        return 0
    if _KIN_NEXT.match(text, i + n):
        return n
    word = (two in lx.bound or two in lx.words["given_word"] or blocked(text, i, lx, i + 2, True))
    return n if _HOME_NEXT.match(text, i + n) and not word and two[0] != "小" else 0
