"""Lists of people for the redaction of sync/redact_names.py: the names joined to a name
found by 、和与及/, by commas when the list goes on, and on forms by amounts, village groups
or full-width spaces (万俟长庚400元，江拴牢300元; 三组雍春和、四组司振声).
"""

import re

from sync.redact_lexicon import NameLexicon
from sync.redact_name_parts import COMMAS, JOINERS, ending_at, name_at

_LIST_NEXT = frozenset("，,、和与及跟/／这等几俩两三")   # 于海，房强，武斌这几户: still a list


def _parallel(text: str, i: int, length: int, lx: NameLexicon) -> bool:
    """A name of that length at i, listed after one as long: given-name characters of the
    lexicon, then the end of the text or a follow character."""
    end = i + length
    s = 2 if text[i:i + 2] in lx.compound else 1
    return (end <= len(text) and all(ch in lx.given for ch in text[i + s:end])
            and (end == len(text) or text[end] in lx.follow))


def _listed(text: str, end: int, as_long: bool) -> bool:
    """After a comma, a name as long as the one before it, followed by more of the list."""
    return as_long and (end == len(text) or text[end] in _LIST_NEXT)


# Between the entries of a list of people: an amount, a separator or two (the full-width
# space of a form), a village group (万俟长庚400元，江拴牢300元; 三组雍春和、四组司振声).
_AMOUNT = r"(?:[\d.]+ ?(?:万元|元|亩|小时|分|岁|人|户))"
_GROUP = r"(?:[\d一二三四五六七八九十]{1,2}组)"
_GAP = rf"{_AMOUNT}?[、，,；;　 ]{{1,2}}{_GROUP}?"
_GAP_AFTER_RE = re.compile(_GAP)
_GAP_BEFORE_RE = re.compile(rf"{_GAP}$")
_LISTY_RE = re.compile(rf"{_AMOUNT}|{_GROUP}|　")


def _listed_around(text: str, start: int, end: int, lx: NameLexicon) -> list[tuple[int, int]]:
    """Full names listed right before or after the name at start:end with an amount, a
    village group or a form's full-width space between them."""
    out = []
    gap = _GAP_AFTER_RE.match(text, end)
    if gap and _LISTY_RE.search(gap.group()):
        j = gap.end()
        n = name_at(text, j, lx, after_cue=True) if j < len(text) else 0
        s = 2 if text[j:j + 2] in lx.compound else 1
        if n == s + 2:
            out.append((j, j + n))
    gap = _GAP_BEFORE_RE.search(text, 0, start)
    if gap and gap.start() and _LISTY_RE.search(gap.group()):
        hit = ending_at(text, gap.start(), lx, 2, loose=True, ordinary=False)
        if hit:
            out.append(hit)
    return out


def joined(text: str, found: list[tuple[int, int]], lx: NameLexicon) -> list[tuple[int, int]]:
    """The names joined by 、和与及/ to a name found (王秀英、李桂兰等: both), either side, and
    by commas when they are as long and the list goes on (于海，房强，武斌这几户)."""
    todo, seen = list(found), set(found)
    while todo:
        start, end = todo.pop()
        more = []
        if end + 1 < len(text) and text[end] in JOINERS | COMMAS:
            n = name_at(text, end + 1, lx, after_cue=True)
            if n and n < end - start and _parallel(text, end + 1, end - start, lx):
                n = end - start   # 杜春生、杜春来: as long as the name it is listed with
            if n and (text[end] in JOINERS or _listed(text, end + 1 + n, n == end - start)):
                more.append((end + 1, end + 1 + n))
        if start >= 2 and text[start - 1] in JOINERS | COMMAS:
            hit = ending_at(text, start - 1, lx, 1, loose=True)
            same = ending_at(text, start - 1, lx, 2, loose=True, ordinary=False)
            if (not hit and same and same[1] - same[0] == end - start
                    and text[same[0]] == text[start]):
                hit = same   # 揭晓峰、揭晓岭: one surname, as long, though it begins a word
            if hit and (text[start - 1] in JOINERS
                        or (hit[1] - hit[0] == end - start
                            and (hit[0] == 0 or text[hit[0] - 1] in _LIST_NEXT | {"：", ":"}))):
                more.append(hit)
        more += _listed_around(text, start, end, lx)
        for span in more:
            if span not in seen:
                seen.add(span)
                todo.append(span)
    return sorted(seen)
