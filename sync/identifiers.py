"""Identifiers of neighbouring things in a report text: numbers (3号楼, 12号杆), road codes,
households (张家, 赵家院墙) and men's or women's toilets.

sync.lexicon marks these spans before its longest match, so a number or a household is read
as where, and the identifier it carries tells 3号楼 from 5号楼 and 王家 from 李家 (DESIGN,
Merge: differing identifiers mean different objects). Pure: patterns only.
"""

import re
from functools import lru_cache

from sync.redact_lexicon import lexicon as name_lexicon

# Numbered things, on text whose Chinese numerals are digits already. A 号 after 月 is a
# date. A pole or pile number keeps its object word (3号路灯: the object is 路灯).
_NUMBER_RE = re.compile(
    r"(?<![月\d.])(\d+)(?:(号楼|栋|幢|号院|单元|期|层|组|排|户|室|楼|号杆|号桩)"
    r"|(号)(?=路灯|路登|灯杆|电线杆|电杆|线杆)|(号)(?=充电桩|冲电桩|桩)|(号))")
_NUMBER_KIND = {"号楼": "building", "栋": "building", "幢": "building", "号院": "compound",
                "单元": "unit", "期": "phase", "层": "floor", "楼": "floor", "组": "group",
                "排": "row", "户": "house", "室": "house", "号杆": "pole", "号桩": "pile"}
# Every kind of identifier this module gives (the console has words for each).
KINDS = frozenset(_NUMBER_KIND.values()) | {"house", "household", "gender", "unit"}
_ROAD_CODE_RE = re.compile(r"(?<![a-z\d])[gsxy]\d{1,4}(?![a-z\d])|\d+(?:国道|省道|县道)")
_BEFORE_A_NAME = "的在是和跟与到找问给让叫说"
_TITLES = "大爷|大娘|奶奶|爷爷|大妈|大伯|大叔|大哥|大嫂|婶|叔|嫂|老汉|老太|师傅"
_NOT_A_HOME = "(?![庄村湾寨营集屯沟店河岭坡洼楼园属具电居乐岗堡窑铺桥台])(?!院(?![墙子门里]))"


@lru_cache(maxsize=1)
def _household_re() -> re.Pattern:
    """A household named by a surname of the name lexicon (the common ones), by a title or
    by a given name (王家, 王大爷家, 齐秀兰家, 黄老栓家; never 王家庄, 李家饭店 ...)."""
    names = name_lexicon()
    surnames = "".join(sorted(names.common))
    given = "".join(sorted(names.given | set("老小大二三四五六")))
    return re.compile(f"([{surnames}])(?:({_TITLES})|([{given}]{{0,2}}?))家{_NOT_A_HOME}")
# A household named only as where another is (刘家隔壁赵家的房顶漏: the report is of 赵家).
_BESIDE_RE = re.compile(r"家的?(?:隔壁|对门|斜对门|对面|旁边|东边|西边|南边|北边|前边|后边"
                        r"|前头|后头)的?(?:是)?[^，。,.;；]?家")
# An entrance named by its side (5号楼东单元 vs 西单元).
_SIDE_UNIT_RE = re.compile(r"([东西中])(?:边)?单元")
# Identifiers read without taking the words from the text (女厕 is still a toilet).
_GENDER_RE = re.compile(r"([男女])(?=厕|卫生间|洗手间)")


def mark_patterns(text: str, names: tuple[str, ...], marks: list) -> set[tuple[str, str]]:
    """Mark the given place names, numbers, road codes and households; their identifiers."""
    found: set[tuple[str, str]] = set()

    def claim(start: int, end: int) -> bool:
        if any(marks[start:end]):
            return False
        marks[start:end] = [(start, end)] * (end - start)
        return True

    for name in sorted(filter(None, names), key=len, reverse=True):
        for m in re.finditer(re.escape(name), text):
            claim(m.start(), m.end())
    for m in _ROAD_CODE_RE.finditer(text):
        claim(m.start(), m.end())
    for m in _NUMBER_RE.finditer(text):
        word = m.group(2) or ("号杆" if m.group(3) else "号桩" if m.group(4) else "号")
        if claim(m.start(), m.end()):
            found.add((_NUMBER_KIND.get(word, "house"), m.group(1)))
    for m in _SIDE_UNIT_RE.finditer(text):
        if claim(m.start(), m.end()):
            found.add(("unit", m.group(1)))
    left_words = name_lexicon().words["left_word"]   # 亲戚家: 戚 ends a word, no surname
    given = name_lexicon().given   # 比秀兰家的细: a household by a given name, not a surname 兰
    households = [m for m in _household_re().finditer(text)
                  if not left_words.ending(text, m.start() + 1)
                  and not (m.start() and text[m.start() - 1] in given
                           and text[m.start() - 1] not in _BEFORE_A_NAME)
                  and claim(m.start(), m.end())]
    for n, m in enumerate(households):
        nxt = households[n + 1] if n + 1 < len(households) else None
        if not (nxt and _BESIDE_RE.fullmatch(text, m.end() - 1, nxt.end())):
            found.add(("household", m.group(1) + (m.group(3) or "")))   # 齐秀兰, or 王
    found.update(("gender", m.group(1)) for m in _GENDER_RE.finditer(text))
    return found
