"""Room and household numbers for the redaction of sync/redact.py.

A household is personal, a building is not: 5号楼2单元301, 3栋2单元502室, 2单元301, 3楼302,
5-2-301, 2单元3楼东户, 301室, 楼下402, 隔壁7号, 三组15号, 3排5号, 12排6户 go; 3号楼前,
5号楼东侧, 2号井盖, 1号线, 3号楼2单元楼道 (a stairwell) and 3组 (a village group: a hundred
households) stay. After 家住,
住在, 住址 ... the numbered part of the address goes (张庄村[三组15号], 建设路[18号院3号楼]);
after 住 alone only a house or a room (田大娘住西街[128号], but 挡住3号楼的采光). The rules read
the shadow text of sync/redact.py (Chinese digits as digits: 五号楼二单元三零一).
"""

import re

_SAY = r"(?:号码|号)?(?:是|为|[:：])? ?"   # 号码是, 号：, or nothing between a cue and its datum

_N = r"第?[\d十]{1,4}"
_AFTER_NUM = (r"(?![\d.年月日号时分点元米亩个户人次台辆件处条棵盏根块袋吨斤%余多万千厅层楼栋门口车"
              r"线井杆桩灯机位箱柜桶库铺窗会台场平方公厘毫路])")   # 3号门, 5号楼3号路灯: no room
_AFTER_BARE = (r"(?![\d.年月日号时分点元米亩个人次台辆件处条棵盏根块袋吨斤%余多万千厅层栋车线井杆"
               r"桩灯机位箱柜桶库铺会台场平方公厘毫路]|窗口|户(?!主))")   # 301门口, 1506窗户: rooms
_AFTER_HOUSE = r"(?![\d楼路街巷井线杆桩灯机位箱柜桶库地田塘坑]|院(?![墙子里内外门]))"
_BLD = rf"(?:{_N} ?(?:号楼|#楼|#|栋|幢|号院|座(?!机))|[A-Za-z] ?(?:座|栋|幢))"
# 2单元, 东单元, 1梯 (an entrance), 1门 before a floor (1号楼1门2楼)
_UNIT = rf"(?:(?:{_N}|[东西中南北A-Za-z]) ?单元|{_N} ?梯|{_N} ?门(?=[\d十]{{1,2}} ?[楼层]))"
_FLOOR = rf"{_N} ?(?:楼(?![道梯顶下上前后房栋])|层)"
_ROOM = (rf"(?:\d{{1,4}} ?室(?![内外])|\d{{1,4}} ?(?:号房|房间|号){_AFTER_NUM}"
         rf"|\d{{3,4}}{_AFTER_BARE}|[东西中]户)")
_NAMED_BLD = r"[东西南北前后中]楼(?= ?(?:[\d十]{1,2}|[东西中]) ?(?:单元|门))"   # 东楼二单元
# who lives there, right after a floor or a number: 12号那家, 3楼的住户, 五楼的退休教师
_PEOPLE_AFTER = (r"(?=的?(?:那家|那户|这家|这户|人家|住户|业主|租户|老人|老两口|一家|退休|住的"
                 r"|大爷|大娘|奶奶|爷爷))")
_HOUSE_RES = [re.compile(p) for p in (
    rf"(?<![\d])(?:{_BLD} ?)?{_UNIT} ?(?:{_FLOOR} ?)?{_ROOM}",
    rf"(?:{_BLD} ?)?(?:{_UNIT} ?)?(?:顶楼|顶层|底层|{_FLOOR}) ?(?:[东西]|中间|东边|西边)"
    r"(?:那|的)?户",
    rf"(?<![\d])(?:{_BLD}|{_NAMED_BLD}) ?{_UNIT} ?(?:顶楼|底层|{_FLOOR}) ?"
    r"(?:[东西中](?:户|家|边|头)?|中间)(?!楼(?![下上])|[门窗墙侧面])",
    # 3号楼1单元底层西户, 5号楼2单元3楼东 (not 3楼东侧; 七楼东楼下 is the east flat)
    # 二层中间那户, above; 5-1-东302 and 3门402 (the third entrance's room), below
    r"(?<![\d\-])\d{1,2} ?[-—] ?\d{1,2} ?[-—] ?[东西中] ?\d{3,4}(?![\d\-])",
    rf"(?<![\d]){_N} ?门 ?\d{{3,4}}{_AFTER_BARE}",
    rf"(?<![\d]){_BLD} ?(?:{_FLOOR} ?)?{_ROOM}",
    rf"(?<![\d])(?:{_FLOOR} ?)?\d{{3,4}} ?(?:室|房间|房)(?![厅内外])",
    rf"(?<![\d]){_FLOOR} ?\d{{3,4}}{_AFTER_BARE}",
    rf"(?<![\d\-])(?:[A-Za-z][-—])?\d{{1,3}} ?(?:(?:#|号楼|栋|幢|号) ?[-—]?|[-—]) ?"
    rf"\d{{1,2}} ?[-—] ?\d{{3,4}}"
    rf"(?![\d\-]){_AFTER_BARE}",
    rf"(?<![\d]){_BLD} ?\d{{1,2}} ?[-—] ?\d{{3,4}}(?![\d\-])",
    rf"(?<![\d]){_N} ?(?:组|队) ?{_N} ?号(?:(?=院)|{_AFTER_HOUSE})",   # 三组15号, 八组28号院
    # 一组老院东屋
    rf"(?<![\d]){_N} ?组 ?(?:老院|老宅|前院|后院) ?(?:[东西南北堂上]屋|[东西]厢房)",
    r"(?<![\d\-])\d{1,3} ?[-—] ?\d{1,2} ?[-—] ?\d{1,2} ?(?:楼|层)? ?[东西中](?:户|边|头)?"
    r"(?![\d\-楼门窗墙侧面])",   # 3-2-4东: building, entrance, floor, side
    rf"(?<![\d])(?:{_BLD}|{_NAMED_BLD}) ?{_UNIT} ?{_FLOOR}{_PEOPLE_AFTER}",
    rf"(?<![\d]){_N} ?号{_PEOPLE_AFTER}",
    rf"(?<![\d]){_N} ?号(?=[他她我俺]家)",   # 沿河路27号她家门口
    r"(?:地下室|地下 ?\d ?层|负 ?\d ?层|储藏室|车库) ?([A-Za-z] ?-? ?\d{1,3}|\d{2,3})"
    r"(?![\d\-层区楼号])",   # 地下室B-07, 车库B12 (not 车库B2层: a floor)
    rf"(?<=[村庄屯寨营巷街]){_N} ?号{_AFTER_HOUSE}",
    r"(?:第?[\d一二三四五六七八九十]{1,3} ?排 ?)?第[\d一二三四五六七八九十]{1,3} ?(?:户|家|间)"
    r"(?![企公单店饭商超工农])",   # 第3排第4家, 西头第三户
    rf"(?<![\d]){_N} ?号院 ?(?:[东西南北正堂上]屋|[东西]厢房)",   # 5号院东屋
    rf"(?:地下室|储藏室|储物间|杂物间|车库) ?({_N} ?号){_AFTER_HOUSE}",
    rf"(?<![\d])(?:负?{_N} ?层 ?)?{_N} ?号 ?(?:储藏间|储藏室|储物间|杂物间|地下室)",   # 负1层12号
    rf"(?:宿舍楼?|家属楼|公寓楼?) ?(\d{{3,4}}){_AFTER_BARE}",   # 宿舍楼208
    rf"(?:宿舍楼?|家属楼|公寓楼?) ?({_FLOOR} ?[东西](?:头|户|边))",   # 宿舍楼三层东头
    r"(?:宿舍楼?|家属楼|公寓楼?) ?(\d{1,2} ?[-—] ?\d{3,4})(?![\d\-])",   # 宿舍2-302
    rf"(?<![\d])\d{{1,4}} ?号(?![楼院]) ?{_FLOOR}",   # 轩辕路201号3楼
    rf"门牌{_SAY}({_N} ?号?)",
    rf"(?<![\d])(?:{_N} ?|[东西南北中前后])排 ?"
    rf"(?:{_N} ?(?:号{_AFTER_HOUSE}|户(?![人家居村住]))|[东西中]户)",   # 3排5号, 西排12户, 2排西户
    r"(?:楼上|楼下|对门|隔壁|对面)(?:是|的|住的是)? ?(\d{3,4}(?:室|房)?|(?:\d{1,3}-){1,2}\d{3,4})"
    r"(?![\d\-])",
    r"(?<![\d\-.共有约近计])\d{3,4}(?=(?:家)?的?(?:住户|业主|邻居|租户|人家|房主|那户|老人))",
    rf"(?:楼上|楼下|对门|隔壁|对面|斜对门)(?:是|的|住的是)? ?({_N} ?号){_AFTER_HOUSE}",
)]
_HOME_CUE_RE = re.compile(r"家住|住在|住址|家庭住址|家庭地址|现住|现居|居住在|居住于|家在|住于"
                          r"|家就在"
                          r"|地址[:：]|门牌|(?<![入记挡抓顶站停卡稳拦堵])住(?= ?[\d十])")
_PART = r"(?:号楼|号院|栋|幢|座|单元|室|号|组|队|排|楼|层|巷)"
_HOME_CHAIN_RE = re.compile(rf"(?:{_N} ?{_PART}|\d{{3,4}}{_AFTER_BARE})"
                            rf"(?: ?{_N} ?{_PART}| ?[-—]? ?\d{{1,4}}{_AFTER_BARE})*")
_LIVES_RE = re.compile(r"(?<![入记挡抓顶站停卡稳拦堵])住(?![建房宅院户址宿所处持手在于 \d十])")
# After 家住 a building is enough; after 住 alone (田大娘住西街128号) a house or a room is wanted.
_HOME_PART = re.compile(r"号|栋|幢|座|单元|室|\d{3}")
_HOUSE_PART = re.compile(r"\d号(?!楼|院)|室|单元 ?\d|\d{3}")
_COMMON_PARTS = ("楼道", "楼梯", "电梯", "门口", "单元门")
_HOME_WINDOW = 24   # characters after 家住 in which the address is looked for
_HOME_STOP = "，。；！？,;!?\n()的说称反映旁边"


# A room of a public building is no one's home: 便民服务中心3楼301室, 村委会102室.
_PUBLIC_BUILDINGS = ("中心", "大厅", "村委", "村委会", "居委会", "服务站", "医院", "卫生院",
                     "卫生室", "学校", "小学", "中学", "办公楼", "综合楼", "派出所", "政府", "法庭",
                     "大队", "银行", "营业厅", "门诊楼", "住院楼", "教学楼", "行政楼", "之家",
                     "街道办", "办事处", "管委会", "残联", "民政所", "司法所", "财政所", "供电所")


def house_spans(sh: str) -> list[tuple[int, int]]:
    """Room and household numbers, and the numbered part of a home address."""
    found = [(m.start(m.lastindex or 0), m.end(m.lastindex or 0))
             for r in _HOUSE_RES for m in r.finditer(sh)
             if not sh.endswith(_PUBLIC_BUILDINGS, 0, m.start())]
    cues = [(m, _HOME_PART) for m in _HOME_CUE_RE.finditer(sh)]
    cues += [(m, _HOUSE_PART) for m in _LIVES_RE.finditer(sh)]
    for cue, wanted in cues:
        stop = cue.end()
        while stop < min(len(sh), cue.end() + _HOME_WINDOW) and sh[stop] not in _HOME_STOP:
            stop += 1
        chain = _HOME_CHAIN_RE.search(sh, cue.end(), stop)
        if chain and sh.startswith(_COMMON_PARTS, chain.end()):
            continue   # 地址：金桂园8栋2单元楼道: a stairwell, no one's home
        if chain and wanted.search(re.sub(rf"{_N} ?(?:组|队|楼|层)", "", chain.group())):
            found.append((chain.start(), chain.end()))
    return _listed_rooms(sh, found)


_LISTED_ROOM_RE = re.compile(rf" ?[和、及跟与/] ?(\d{{3,4}}){_AFTER_BARE}")


def _listed_rooms(sh: str, found: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The spans, and rooms listed right after one of them (301和302, 1803、1703)."""
    out, todo = list(found), list(found)
    while todo:
        _, end = todo.pop()
        m = _LISTED_ROOM_RE.match(sh, end)
        if m and (m.start(1), m.end(1)) not in out:
            out.append((m.start(1), m.end(1)))
            todo.append((m.start(1), m.end(1)))
    return out
