"""Identifiers of neighbouring things in a report text: numbers (3号楼, 12号杆), road codes,
households (张家, 赵家院墙) and men's or women's toilets.

sync.lexicon marks these spans before its longest match, so a number or a household is read
as where, and the identifier it carries tells 3号楼 from 5号楼 and 王家 from 李家 (DESIGN,
Merge: differing identifiers mean different objects). Pure: patterns only.
"""

import re

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
_SURNAMES = ("王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈"
             "曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白"
             "崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚")
_HOUSEHOLD_RE = re.compile(
    f"([{_SURNAMES}])(?:大爷|大娘|奶奶|爷爷|大妈|大伯|大叔|大哥|大嫂|婶|叔|嫂|老汉|老太|师傅)?"
    "家(?![庄村湾寨营集屯沟店河岭坡洼楼园属具电居乐岗堡窑铺桥台])(?!院(?![墙子门里]))")
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
    households = [m for m in _HOUSEHOLD_RE.finditer(text) if claim(m.start(), m.end())]
    for n, m in enumerate(households):
        nxt = households[n + 1] if n + 1 < len(households) else None
        if not (nxt and _BESIDE_RE.fullmatch(text, m.end() - 1, nxt.end())):
            found.add(("household", m.group(1)))
    found.update(("gender", m.group(1)) for m in _GENDER_RE.finditer(text))
    return found
