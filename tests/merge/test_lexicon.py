"""Table-driven tests of sync.lexicon: objects, defects, places, identifiers, conflicts.

Cases are written the way cadres write reports (official and colloquial, with and without
numbers); each table row is one pytest case. The lexicon data is the shipped one.
"""

import pytest

from sync import lexicon
from sync.lexicon import analyse, conflict, load, same_problem_evidence


def _rows(table: str) -> list[list[str]]:
    """Tab-separated rows of a table string."""
    return [line.split("\t") for line in table.strip().splitlines()]


OBJECTS = """
井盖没了	井盖
窨井盖缺失	井盖
下水道盖子丢了	井盖
阴井盖不见了	井盖
污水井盖被盗	井盖
马葫芦盖没了	井盖
路中间有个黑窟窿	井盖
雨水井盖破了	井盖
路灯不亮	路灯
路登坏了	路灯
灯杆歪了	路灯
路灯杆倾斜	路灯
太阳能路灯晚上不亮	路灯
景观灯全灭了	路灯
楼道里声控灯不亮	楼道灯
楼梯灯坏了	楼道灯
消火栓漏水	消防栓
消防栓被撞坏	消防栓
公共厕所太脏	公厕
厕所没人打扫	公厕
卫生间没水	公厕
村里旱厕粪坑满了	旱厕
垃圾箱满了	垃圾桶
垃圾桶满溢	垃圾桶
果皮箱破了	垃圾桶
漫步机踏板断了	健身器材
健身器械损坏	健身器材
走步机坏了	健身器材
单杠生锈	健身器材
充电桩不能充电	充电桩
充电设施故障	充电桩
指示牌字迹模糊	标识牌
标识牌破损	标识牌
路牌写错了	标识牌
警示牌倒了	标识牌
导览牌褪色	标识牌
站牌信息不对	标识牌
护栏被车撞歪了	护栏
隔离栏倒了	护栏
坑塘边没有围栏	护栏
候车亭顶棚破了	公交站亭
公交站台座椅坏了	公交站亭
电线杆倾斜	电线杆
水泥杆歪了要倒	电线杆
楼上私拉电线充电	电线
网线乱拉	电线
墙上贴满小广告	小广告
广告牌松动	广告牌
直饮水机按了没水	直饮水
饮水台故障	直饮水
自来水发黄	自来水
水龙头坏了	自来水
排水沟堵了	排水沟
下水道往上冒水	排水沟
边沟被冲塌了	排水沟
化粪池满了往外冒	化粪池
电梯困人	电梯
门禁坏了	门禁
道闸一直抬着	门禁
配电箱门坏了	变压器
天然气管道没接通	燃气
红绿灯坏了	信号灯
交通信号灯故障	信号灯
路面塌陷	路面
道路坑洼	路面
那段路烂得不行	路面
人行道地砖松动	人行道
便道砖翘起来	人行道
盲道被占	人行道
斑马线看不清	斑马线
减速带坏了	减速带
停车场乱收费	停车位
僵尸车长期不动	车辆
护坡塌了	边坡
栈道木板松动	栈道
生活垃圾堆积	垃圾
建筑垃圾乱倒	建材
楼道里杂物乱堆	杂物
纸箱子堆满楼梯间	杂物
脏水漫到过道上	污水
彩钢棚违建	违建
小摊摆到马路上	摊贩
工地裸土未苫盖	渣土
尘土飞扬	扬尘
油烟扰民	油烟
广场舞音响太响	噪音
外墙皮脱落	外墙
围挡破损	围挡
文化墙字掉了	文化墙
行道树枯死	树木
绿化带被占	绿化带
草坪被踩坏	绿化带
凉亭瓦片掉落	凉亭
喷泉池水发臭	喷泉
危房没人住	房屋
土坯房倒塌	房屋
屋顶漏水	屋顶
楼顶防水层老化	屋顶
消防通道堵塞	楼道
车棚被占	车棚
坑塘没有护栏	坑塘
池塘水发臭	坑塘
秸秆焚烧	秸秆
麦秆乱烧	秸秆
河道淤堵	河道
水渠堵塞	河道
畜禽粪污乱排	畜禽粪污
猪粪乱堆	畜禽粪污
污水处理站停运	污水处理站
污水站设备闲置	污水处理站
"""

DEFECTS = """
井盖没了	缺失
窨井盖缺失	缺失
下水道盖子丢了	缺失
井盖被偷了	缺失
井盖不见了	缺失
路边没有护栏	缺失
缺少警示标志	缺失
路口无减速带	缺失
标识牌破损	破损
顶棚破了	破损
玻璃碎了	破损
踏板断裂	破损
栈道木板断了	破损
护栏被撞倒	破损
墙面开裂	破损
路灯不亮	不亮
路灯灭了	不亮
晚上黑灯瞎火的	不亮
楼道漆黑一片	不亮
老人上楼摸黑	不亮
夜间照明不足	不亮
晚上没灯	不亮
灯杆倾斜	倾斜
电线杆歪了	倾斜
护栏撞歪	倾斜
排水沟堵塞	堵塞
下水道堵了	堵塞
雨水排不出去	堵塞
排水不畅	堵塞
水渠淤堵	堵塞
污水外溢	外溢
下水道冒水	外溢
一楼返水	外溢
化粪池往外冒	外溢
垃圾桶满溢	外溢
杂物乱堆	堆放
垃圾堆积	堆放
楼道堆满了纸箱子	堆放
垃圾撒一地	堆放
秸秆焚烧	焚烧
地里在烧麦秆	焚烧
盲道被占用	占道
圈占公共绿地	占道
井盖松动	松动
车一压就哐哐响	松动
地砖翘起来	松动
墙皮脱落	脱落
瓦片掉落	脱落
字掉了好几个	脱落
墙皮往下掉	脱落
健身器材生锈	锈蚀
护栏锈迹斑斑	锈蚀
标识牌写错了	错误
站牌信息不对	错误
线路图过时	错误
公交线路没更新	错误
指示牌字迹模糊	模糊
导览牌褪色了	模糊
屋顶漏水	漏水
顶楼漏雨	漏水
防水层渗漏	漏水
往屋里滴水	漏水
路面塌陷	塌陷
地面陷下去一块	塌陷
路基下沉	塌陷
路面坑坑洼洼	坑洼
路上全是坑	坑洼
门口积水	积水
下雨就淹	积水
垃圾没人清	无人清理
好几天没人拉	无人清理
保洁不到位	无人清理
垃圾清运不及时	无人清理
直饮水点不出水	不出水
水龙头没水	不出水
夜间施工扰民	扰民
吵得睡不着	扰民
树都干死了	枯死
苗木枯死	枯死
臭气熏天	发臭
有股味	发臭
臭死了	发臭
自来水发黄	浑浊
水垢多	浑浊
电梯故障	故障
门禁坏了	故障
充电桩不能充电	故障
红绿灯失灵	故障
被水冲坏	水毁
水毁路面	水毁
车乱停	乱停
车辆乱停乱放	乱停
"""


@pytest.mark.parametrize(("text", "obj"), _rows(OBJECTS))
def test_object_recognised_through_synonyms(text, obj):
    """The canonical object of a report, whatever word the cadre used."""
    assert obj in analyse(text).objects


@pytest.mark.parametrize(("text", "defect"), _rows(DEFECTS))
def test_defect_recognised_through_colloquial_forms(text, defect):
    """The canonical defect, from the official term, a colloquial one or the effect."""
    assert defect in analyse(text).defects


SAME_PROBLEM = [
    ("井盖没了", "窨井盖缺失", "下水道盖子丢了", "阴井盖不见了", "污水井盖被盗"),
    ("路灯不亮", "路灯晚上灭了", "路灯不亮，黑灯瞎火的", "路灯坏了，晚上没灯"),
    ("楼道声控灯不亮", "楼梯灯不亮了，老人上楼摸黑", "楼道灯全黑"),
    ("排水沟堵塞", "下水沟堵了", "水沟不通，脏水漫到过道"),
    ("垃圾堆积无人清运", "一堆生活垃圾好几天没人拉", "垃圾没人清，臭死了"),
    ("占道经营", "摊贩占道", "乱摆摊"),
    ("私搭乱建彩钢棚", "违章搭建", "违建房"),
    ("秸秆焚烧", "地里烧秸秆", "焚烧秸秆"),
    ("屋顶漏水", "楼顶漏雨", "顶层防水层渗漏"),
    ("护栏被撞倒", "隔离栏被撞倒了好几米", "护栏撞倒"),
    ("标识牌字迹模糊", "指示牌褪色看不清", "导览牌褪色了"),
    ("站牌信息不对", "站牌线路图过时", "站牌还是老线路，没更新"),
    ("化粪池满溢", "化粪池往外冒", "化粪池外溢"),
    ("路面塌陷", "地面陷下去一块，路面下沉", "那条路塌了一半"),
    ("坑塘没有护栏", "坑塘边上没有围栏", "坑塘周边无防护设施"),
    ("直饮水点不出水", "直饮水机按了没水", "饮水台没水"),
    ("电线私拉乱接", "私拉电线充电", "飞线充电"),
    ("河道淤堵", "河沟堵塞", "水渠淤堵"),
]


@pytest.mark.parametrize("texts", SAME_PROBLEM)
def test_rewordings_share_a_problem_and_never_conflict(texts):
    """Every two wordings of one problem share an (object, defect) pair, without conflict."""
    for a in texts:
        for b in texts:
            ea, eb = analyse(a), analyse(b)
            assert same_problem_evidence(ea, eb).problems, (a, b)
            assert conflict(ea, eb) is None, (a, b)


PROBLEMS = [
    ("中华路东街路口那个井盖没了", {("井盖", "缺失")}),
    ("游园里的景观灯和路灯都不亮", {("路灯", "不亮")}),
    ("没有减速带也没有斑马线", {("减速带", "缺失"), ("斑马线", "缺失")}),
    ("缺少交通信号灯和斑马线", {("信号灯", "缺失"), ("斑马线", "缺失")}),
    ("坑塘边上没有护栏，小孩靠近很危险", {("护栏", "缺失")}),
    ("人民路西段水毁路面至今未修复，坑坑洼洼", {("路面", "水毁"), ("路面", "坑洼")}),
    ("东街口的灯坏了，晚上没灯", {("路灯", "故障"), ("路灯", "不亮")}),
    ("金宜丰农贸市场门口占道经营严重", {("摊贩", "占道")}),
    ("香江龙湾12号楼一层违规搭建彩钢房", {("违建", "搭建")}),
    ("路灯杆倾斜", {("路灯", "倾斜")}),
    ("候车亭顶部破损漏雨", {("公交站亭", "破损")}),
    ("墙皮往下掉", {("外墙", "脱落")}),
    ("电梯故障", {("电梯", "故障")}),
]


@pytest.mark.parametrize(("text", "expected"), PROBLEMS)
def test_problems_pair_object_and_defect(text, expected):
    """Objects and defects are paired where the text pairs them."""
    assert expected <= analyse(text).problems


UNPAIRED = [
    ("坑塘边上没有护栏", ("坑塘", "缺失")),
    ("充电桩的雨棚坏了", ("充电桩", "故障")),
    ("三号楼二单元楼道里的灯不亮", ("楼道", "不亮")),
    ("井盖没了，路灯也不亮", ("井盖", "不亮")),
    ("路灯不亮。井盖没了", ("路灯", "缺失")),
]


@pytest.mark.parametrize(("text", "pair"), UNPAIRED)
def test_objects_not_paired_with_defects_of_others(text, pair):
    """A defect belongs to its own object, not to the place or owner before it."""
    assert pair not in analyse(text).problems


PLACES = [
    ("郭老庄村口垃圾成堆", ["郭老庄"], ["郭老庄村口"], "垃圾成堆"),
    ("郭老庄村口垃圾成堆", [], ["郭老庄村口"], "垃圾成堆"),
    ("中华路与东街交叉口井盖没了", [], ["中华路与东街交叉口"], "井盖没了"),
    ("3号楼门口路灯不亮", [], ["3号楼门口"], "路灯不亮"),
    ("三号楼门口路灯不亮", [], ["3号楼门口"], "路灯不亮"),
    ("金宜丰超市门口占道经营", [], ["金宜丰超市门口"], "占道经营"),
    ("李唐庄社区5号楼东侧路面塌陷", ["李唐庄社区"], ["李唐庄社区5号楼东侧"], "路面塌陷"),
    ("梨河镇后张村村东道路水毁", ["梨河镇", "后张村"], ["梨河镇后张村村东"], "道路水毁"),
    ("S102旁边井盖缺失", [], ["s102旁边"], "井盖缺失"),
    ("107国道人民路口信号灯故障", [], ["107国道人民路口"], "信号灯故障"),
    ("人民医院门口车辆乱停", [], ["人民医院门口"], "车辆乱停"),
    ("轩辕路便道砖翘起来", [], ["轩辕路"], "便道砖翘起来"),
    ("新华路小区6号楼楼道堆满杂物", [], ["新华路小区6号楼"], "楼道堆满杂物"),
    ("东街社区日间照料中心卫生间扶手松了", ["东街社区"], ["东街社区日间照料中心"],
     "卫生间扶手松了"),
    ("陶文路游园健身器材损坏", [], ["陶文路游园"], "健身器材损坏"),
    ("东街与中华路交叉口东南角窨井盖缺失", [], ["东街与中华路交叉口东南角"], "窨井盖缺失"),
    ("常家庄社区北门门禁坏了", ["常家庄社区"], ["常家庄社区北门"], "门禁坏了"),
    ("王家门口垃圾堆放", [], ["王家门口"], "垃圾堆放"),
    ("李大爷家门前的路灯灭了", [], ["李大爷家门前"], "的路灯灭了"),
    ("黄帝故里景区东门停车场乱收费", [], ["黄帝故里景区东门"], "停车场乱收费"),
    ("坑塘边上没有护栏", [], ["坑塘边上"], "没有护栏"),
]


@pytest.mark.parametrize(("text", "names", "places", "what"), PLACES)
def test_place_words_are_found_and_removed_from_what_text(text, names, places, what):
    """Area names, roads, buildings, shops, gates and 门口/旁边 say where, not what."""
    result = analyse(text, names)
    assert list(result.place_words) == places
    assert result.what_text == what


def test_shared_place_words_leave_different_problems_apart():
    """Two problems at one place share no word of what_text but the place's."""
    a = analyse("郭老庄村口坑塘边上没有护栏", ["郭老庄"])
    b = analyse("郭老庄村口垃圾成堆没人清", ["郭老庄"])
    assert (a.place_words, b.place_words) == (("郭老庄村口坑塘边上",), ("郭老庄村口",))
    assert (a.what_text, b.what_text) == ("没有护栏", "垃圾成堆没人清")


IDENTIFIERS = [
    ("3号楼路灯不亮", {("building", "3")}),
    ("三号楼路灯不亮", {("building", "3")}),
    ("３号楼路灯不亮", {("building", "3")}),
    ("3#楼路灯不亮", {("building", "3")}),
    ("十二号楼二单元", {("building", "12"), ("unit", "2")}),
    ("5栋楼道灯坏了", {("building", "5")}),
    ("郭老庄三期门口积水", {("phase", "3")}),
    ("12号楼一楼住户", {("building", "12"), ("floor", "1")}),
    ("2号杆歪了", {("pole", "2")}),
    ("二号杆歪了", {("pole", "2")}),
    ("3号路灯不亮", {("pole", "3")}),
    ("5号充电桩不能充电", {("pile", "5")}),
    ("7号桩坏了", {("pile", "7")}),
    ("门牌18号", {("house", "18")}),
    ("南门门禁坏了", {("gate", "南")}),
    ("北大门门禁坏了", {("gate", "北")}),
    ("东侧护栏倒了", {("side", "东")}),
    ("路西边护栏倒了", {("side", "西")}),
    ("人民路西段路面坑洼", {("side", "西")}),
    ("村东头坑塘", {("side", "东")}),
    ("东北角井盖没了", {("corner", "东北")}),
    ("王家门口垃圾堆放", {("household", "王")}),
    ("李大爷家旱厕满了", {("household", "李")}),
    ("老张家猪圈粪污乱排", {("household", "张")}),
]


@pytest.mark.parametrize(("text", "expected"), IDENTIFIERS)
def test_identifiers_are_normalised_tags(text, expected):
    """Numbers in any script, sides, gates, corners and households become tags."""
    assert analyse(text).identifiers == expected


NOT_IDENTIFIERS = [
    "11月3号井盖没了", "常家庄社区路灯不亮", "王家庄村口垃圾", "十字路口积水",
    "东街口路灯不亮", "人民西路护栏倒了", "大家反映路灯不亮", "家属院下水道堵了",
]


@pytest.mark.parametrize("text", NOT_IDENTIFIERS)
def test_names_and_dates_are_not_identifiers(text):
    """Dates, place names with 家/东/十 and ordinary words identify nothing."""
    assert analyse(text).identifiers == frozenset()


CONFLICTS = [
    ("3号楼路灯不亮", "5号楼路灯不亮", "identifier:building"),
    ("三号楼门口路面塌陷", "5号楼旁边路面塌陷", "identifier:building"),
    ("3号楼2单元楼道灯不亮", "3号楼1单元楼道灯不亮", "identifier:unit"),
    ("南门门禁坏了", "北门门禁坏了", "identifier:gate"),
    ("东侧护栏倒了", "西侧护栏倒了", "identifier:side"),
    ("村东头坑塘没护栏", "村西头坑塘没护栏", "identifier:side"),
    ("东北角井盖没了", "西南角井盖没了", "identifier:corner"),
    ("王家门口垃圾堆放", "李家门口垃圾堆放", "identifier:household"),
    ("2号杆歪了", "3号杆歪了", "identifier:pole"),
    ("1号充电桩不能充电", "4号充电桩不能充电", "identifier:pile"),
    ("路灯不亮", "路灯杆倾斜", "defect:路灯"),
    ("晚上黑灯瞎火，路灯不亮", "灯杆被撞歪了", "defect:路灯"),
    ("标识牌破损", "标识牌内容错误", "defect:标识牌"),
    ("指示牌被撞破了", "指示牌写错了", "defect:标识牌"),
    ("井盖松动", "井盖缺失", "defect:井盖"),
    ("井盖没了", "井盖晃荡，车一压就响", "defect:井盖"),
    ("候车亭顶棚破了", "站牌信息不对", None),
    ("屋顶漏水", "屋顶塌了", "defect:屋顶"),
    ("排水沟堵塞", "排水沟被水冲坏", "defect:排水沟"),
    ("垃圾桶满溢", "垃圾桶破损", "defect:垃圾桶"),
    ("2号杆歪了", "二号杆歪了", None),
    ("１２号楼漏水", "十二号楼漏水", None),
    ("3#楼2单元灯不亮", "三号楼二单元楼道灯不亮", None),
    ("王大爷家旱厕满了", "王家旱厕满了", None),
    ("北门门禁坏了", "北大门门禁系统故障", None),
    ("路灯坏了", "路灯不亮", None),
    ("路灯损坏，照明不足", "路灯不亮", None),
    ("井盖没了", "窨井盖缺失", None),
    ("3号楼门口井盖没了", "井盖缺失", None),
    ("东侧井盖没了", "东南角井盖没了", None),
    ("充电桩不能充电", "充电桩的雨棚坏了", None),
    ("井盖没了", "路灯不亮", None),
]


@pytest.mark.parametrize(("a", "b", "reason"), CONFLICTS)
def test_conflict_names_why_two_reports_differ(a, b, reason):
    """Same object with another defect, or differing identifiers: never one problem."""
    assert conflict(analyse(a), analyse(b)) == reason
    assert conflict(analyse(b), analyse(a)) == reason


def test_evidence_names_the_shared_object_and_defect():
    """same_problem_evidence gives what two reports share, and nothing else."""
    ev = same_problem_evidence(analyse("东街口井盖没了，路灯也不亮"), analyse("窨井盖缺失"))
    assert ev.problems == {("井盖", "缺失")}
    assert ev.objects == {"井盖"} and ev.defects == {"缺失"}
    none = same_problem_evidence(analyse("井盖没了"), analyse("路灯不亮"))
    assert not (none.problems or none.objects or none.defects)


def test_empty_and_unknown_texts():
    """No text, punctuation only or nothing known: an empty analysis, never an error."""
    for text in (None, "", "！！。。", "   ", "今天天气不错"):
        result = analyse(text)
        assert not (result.objects or result.defects or result.problems or result.identifiers)
    assert analyse("今天天气不错").what_text == "今天天气不错"


def test_analysis_is_cached_and_place_names_may_be_any_iterable():
    """The same text and names give the same (cached) analysis object."""
    assert analyse("井盖没了", ["郭老庄"]) is analyse("井盖没了", ("郭老庄",))
    assert analyse("井盖没了", iter(["郭老庄"])) is analyse("井盖没了", ["郭老庄"])


def test_shipped_data_is_consistent():
    """Every canonical word is one of its own surfaces; events name known entries."""
    lex = load()
    kinds = {(e.kind, e.canonical) for e in lex.entries.values()}
    for surface, entry in lex.entries.items():
        if entry.kind in ("object", "defect"):
            assert lex.entries.get(entry.canonical, entry).canonical == entry.canonical
        if entry.kind == "event":
            obj, defect = entry.cls.split("+")
            assert ("object", obj) in kinds and ("defect", defect) in kinds, surface
    assert "故障" in lex.generic and "不亮" not in lex.generic


def test_office_file_adds_and_overrides(tmp_path):
    """An office file (kind from its name) adds synonyms and wins over the shipped data."""
    extra = tmp_path / "office_objects.tsv"
    extra.write_text("# ours\n井盖\t盖板子|路灯\t公用设施\n", encoding="utf-8")
    lex = load(extra)
    assert analyse("盖板子没了", lexicon=lex).problems == {("井盖", "缺失")}
    assert analyse("路灯没了", lexicon=lex).objects == {"井盖"}
    assert analyse("盖板子没了").objects == frozenset()


@pytest.mark.parametrize(("name", "content", "message"), [
    ("office_objects.tsv", "井盖\t盖板子\n", "want canonical"),
    ("office_objects.tsv", "井盖\t\t公用设施\n", "want canonical"),
    ("office.tsv", "井盖\t盖板子\t公用设施\n", "name must end"),
])
def test_malformed_office_file_is_refused_with_its_line(tmp_path, name, content, message):
    """A bad office file fails loudly at load, naming the file and line."""
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ValueError, match=message):
        load(path)


def test_one_surface_with_two_meanings_in_shipped_data_is_refused():
    """The shipped files may not give one word two meanings (the office's file may)."""
    a = ("井盖", lexicon.Entry("object", "井盖", "公用设施"))
    b = ("井盖", lexicon.Entry("defect", "缺失", "specific"))
    with pytest.raises(ValueError, match="both"):
        lexicon._index([a, b], [])
    assert lexicon._index([a], [b]).entries["井盖"] == b[1]
