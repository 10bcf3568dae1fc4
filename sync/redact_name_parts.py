"""The parts the name rules of sync/redact_names.py are made of: where a name starts or
ends (a surname and given-name characters of the lexicon), whether a clause opens at a
place, and the characters that join or lead to names. Pure; the words are sync/lexicon's.
"""

import re

from sync.redact_lexicon import BOUNDARY, NameLexicon, blocked, given_run, surname_at

JOINERS = frozenset("、和与及跟/／")
COMMAS = frozenset("，,")
_SPACED_RE = re.compile(r"[\u4e00-\u9fff](?: [\u4e00-\u9fff]){1,2}")
LEADS = BOUNDARY | frozenset("据听经向与和跟找问请让叫帮给对被由是说")   # 据王秀英反映


def name_at(text: str, i: int, lx: NameLexicon, after_cue: bool) -> int:
    """Length of a name starting at i (surname, given-name characters), 0 if none."""
    s = surname_at(text, i, lx, loose=after_cue)
    if not s:
        return 0
    if blocked(text, i, lx, left=not after_cue):   # 居民高度关注; but a full name: 韩国强
        full = text[i + s:i + s + 2]
        if not (after_cue and len(full) == 2 and all(ch in lx.given for ch in full)
                and given_run(text, i + s, lx, True) == 2 and not lx.words["cue"].at(text, i)):
            return 0
    if lx.words["title"].at(text, i + s):
        return s
    strict = not after_cue or text[i] in lx.word
    g = given_run(text, i + s, lx, strict_first=strict)
    j = i + s + 2   # 报修人 蒋春来 联系电话: a given name that is also a word after, before a gap
    if (after_cue and g == 1 and text[j - 1:j] in lx.given
            and (j == len(text) or text[j] in BOUNDARY)):
        g = 2
    return s + g if g else 0


def spaced_name(text: str, i: int, lx: NameLexicon) -> int:
    """End of a name typed with a space between its characters (邓 桂 芳) at i, 0 if none."""
    m = _SPACED_RE.match(text, i)
    if not m or not surname_at(text, i, lx, loose=True):
        return 0
    for end in (m.end(), i + 3):
        if end <= m.end() and all(ch in lx.given for ch in text[i + 2:end:2]):
            return end
    return 0


def ending_at(text: str, end: int, lx: NameLexicon, min_given: int, loose: bool = False,
               ordinary: bool = True, cover: int | None = None) -> tuple[int, int] | None:
    """A name (surname and given-name characters of the lexicon) ending at end, longest;
    word-class surnames (路, 安) only when loose; none that is an ordinary word (黄河)
    unless ordinary is False (before a title: 金花大姐)."""
    for g in (2, 1, 0)[: 3 - min_given]:
        for s in (2, 1):
            i = end - g - s
            if (i < 0 or surname_at(text, i, lx, loose) != s
                    or blocked(text, i, lx, end, ordinary, cover=cover)):
                continue
            given = text[i + s:end]
            if all(ch in lx.given for ch in given) and given_run(text, i + s, lx, True) >= g:
                return i, end
    return None


def full_name(text: str, span: tuple[int, int], lx: NameLexicon) -> bool:
    """A surname of the common class and two given-name characters (冯小燕): a name even
    in the middle of a clause."""
    start, end = span
    surname = 2 if text[start:start + 2] in lx.compound else 1
    return end - start - surname == 2 and (surname == 2 or text[start] in lx.common)


def opens(text: str, i: int, lx: NameLexicon) -> bool:
    """A clause opens at i: the text's start, a boundary or lead character, 在, or a lead
    word (发现, 通知) before it."""
    return (i == 0 or text[i - 1] in LEADS or text[i - 1] in "在、"
            or bool(lx.words["lead"].ending(text, i)))
