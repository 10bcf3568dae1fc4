"""Merge v2's rules (issue 14), each on a small case: sync.problem.judge and sync.merge.decide.

The same object with the same defect at the same place; place words say where, not what;
differing identifiers mean different objects; category is evidence, not a gate; an item is
compared as a whole; a report that bridges two open items proposes their merge.
"""

import pytest

from sync.merge import decide
from sync.problem import CONFLICT, OTHER_OBJECTS, SAME_OBJECT, SAME_PROBLEM, UNKNOWN, judge
from tests.merge.test_merge import CONFIG, NOW, item, north, report


@pytest.mark.parametrize(("text", "item_text", "verdict", "why"), [
    ("卫生室门口路灯不亮", "卫生室门前路灯杆倾斜，快要倒了", CONFLICT, "defect:路灯"),
    ("8号楼西侧井盖缺失", "8号楼东侧雨水井盖缺失", CONFLICT, "identifier:side"),
    ("3号楼前路面塌陷", "5号楼前路面塌陷", CONFLICT, "identifier:building"),
    ("东头张家门口水管漏水", "东头刘家门口自来水管漏水", CONFLICT, "identifier:household"),
    ("门口的椅子没了，不知道谁搬走的", "服务中心门前长椅损坏", CONFLICT, "defect:座椅"),
    ("路口井盖丢了", "路口窨井盖没了", SAME_PROBLEM, None),
    ("西沟护坡被雨水冲垮了一段", "西沟护坡坍塌", SAME_PROBLEM, None),   # one family
    ("孟庄村南坑塘边有死鱼，水发臭", "孟庄村南坑塘边垃圾堆积", OTHER_OBJECTS, None),
    # a bin and the rubbish it holds: its overflow is the heap, its broken body is not
    ("村口垃圾桶满了没人清", "村口垃圾堆了一地没人清理", SAME_PROBLEM, None),
    ("村口垃圾桶破了个大洞", "村口垃圾堆了一地没人清理", CONFLICT, "defect:垃圾桶"),
    ("村口垃圾桶满了没人清", "村口垃圾桶旁边有人倒建筑垃圾", OTHER_OBJECTS, None),
    ("服务点门口的充电桩雨棚塌了", "服务点门口充电桩没电", OTHER_OBJECTS, None),
    # "broken" against a specific defect of the object: the same problem where the lexicon
    # says what 坏了 means of it (a light: out; a railing: broken or fallen; a tap: dry),
    # else the same object only, for what is broken may be another thing of it (a camera
    # broken vs hidden by branches, a lift broken vs its certificate out of date)
    ("卫生室门口路灯坏了好几天了", "孟庄村卫生室门前路灯不亮", SAME_PROBLEM, None),
    ("变压器旁边的护栏坏了", "变压器旁边的围栏倒了，小孩能钻进去", SAME_PROBLEM, None),
    ("游园直饮水设备故障", "游园的直饮水机没水了", SAME_PROBLEM, None),
    ("路口监控坏了", "路口监控探头被树枝挡住了", SAME_OBJECT, None),
    ("6号楼电梯坏了不能用", "6号楼电梯合格证过期了", SAME_OBJECT, None),
    ("健身器材双杠损坏", "健身广场双杠锈得厉害", SAME_OBJECT, None),
    # a part of it broken (按键, 门锁, 玻璃) against a defect of the thing: two problems
    ("15号楼电梯按键失灵", "15号楼电梯门关不严，有异响", CONFLICT, "defect:电梯"),
    # leaning is not what 坏了 means of a light, and the charger's canopy is not its power
    ("卫生室门口路灯坏了", "卫生室门前灯杆歪了", CONFLICT, "defect:路灯"),
    ("村委充电桩坏了，充不上电", "村委充电桩雨棚塌了", OTHER_OBJECTS, None),
    # no object named: the same defect at the same identified spot is one problem; at
    # another spot, or with no spot, the wording alone decides
    ("小学南门积水严重", "石井小学南门口一下雨就积水，孩子蹚水进校", SAME_PROBLEM, None),
    ("小学南门积水严重", "小学北门口一下雨就积水", CONFLICT, "identifier:gate"),
    ("小学门口积水严重", "学校门口一下雨就积水", UNKNOWN, None),
    ("三组停水两天了", "拧开龙头一滴水没有，都是去邻村打水", SAME_PROBLEM, None),
    ("三组停水两天了", "五组停水两天了", CONFLICT, "identifier:group"),
    # sides, rooms and rows the place words give; each side names one the other does not
    ("东路口北边一棵杨树被风刮倒了", "东路口南边也倒了一棵杨树", CONFLICT, "identifier:side"),
    ("门口路东公交站亭顶棚被风掀了", "门口路西公交站亭顶棚也被风掀了", CONFLICT, "identifier:side"),
    ("老王家东屋墙裂了", "老王家西屋墙也裂了", CONFLICT, "identifier:side"),
    ("安置房前排房顶漏雨", "安置房后排屋顶也漏雨", CONFLICT, "identifier:front"),
    ("大街中间挂12号牌那根杆子，夜里黑着", "大街13号灯杆不亮", CONFLICT, "identifier:pole"),
    ("刘家隔壁赵家的房子屋顶也漏雨", "刘家的新房子屋顶漏雨", CONFLICT, "identifier:household"),
    # a household by a full name; by a surname alone it may be any of that surname's
    ("齐建国家重建房东山墙也有裂缝", "齐秀兰家新房东山墙裂了", CONFLICT, "identifier:household"),
    ("齐家门口的垃圾桶满了", "齐秀兰家门口垃圾桶满了没人清", SAME_PROBLEM, None),
    ("拧开龙头一滴水没有，都是去邻村亲戚家打水", "三组停水两天了", SAME_PROBLEM, None),
    ("市场南口也被早市摊位占了", "市场北口卖菜的把摊子摆到路上", CONFLICT, "identifier:gate"),
    ("中医院站站亭玻璃碎了", "中医院站站亭顶棚漏雨", CONFLICT, "identifier:part"),
    ("比秀兰家的细，齐建国家的墙也裂了", "齐建国家东山墙裂了", SAME_PROBLEM, None),
    ("5号楼东单元门口的雨水箅子压断了", "5号楼西单元门口篦子断了", CONFLICT, "identifier:unit"),
    ("老龙王庙后殿房顶漏雨", "老龙王庙东配殿房顶也漏", CONFLICT, "identifier:hall"),
    ("机井的门锁坏了", "机井抽不上水", CONFLICT, "defect:机井"),
    ("楼顶光伏板碎了两块", "楼顶光伏板上落满了土和鸟屎，没人清洗", CONFLICT, "defect:光伏板"),
    # a break told with no thing is no effect of every broken thing near it
    ("庙门口的功德箱被撬了", "庙后殿房顶瓦掉了，下雨往里漏", OTHER_OBJECTS, None),
    ("庙门口被撬了", "庙后殿房顶瓦掉了，下雨往里漏", UNKNOWN, None),
    # two sorts of one family side by side are two things; the family's plain name is either
    ("主街上的通信井盖碎了", "主街通信井盖旁边的电力井盖高出路面一截", CONFLICT, "identifier:sort"),
    ("路口井盖碎了", "路口电力井盖碎了", SAME_PROBLEM, None),
    # what the lexicon reads as the problem rather than the thing
    ("社区门口旧报亭玻璃碎一地", "社区门口旧报亭外墙上小广告一层摞一层", OTHER_OBJECTS, None),
    ("服务中心叫号机坏了，屏幕黑着", "医保窗口就开一个，排了俩钟头", OTHER_OBJECTS, None),
    ("农家书屋的书都是旧书，没人看", "农家书屋屋顶漏雨", OTHER_OBJECTS, None),
    ("烧烤店油烟直排", "烧烤店把泔水倒进雨水箅子里", OTHER_OBJECTS, None),
    ("三组停水两天了", "南门口停水两天了", UNKNOWN, None),
])
def test_judge(text, item_text, verdict, why):
    j = judge(text, item_text)
    assert (j.verdict, j.conflict) == (verdict, why)


def test_place_words_carry_no_weight():
    """Two problems told with the same long place prefix are not alike once it is gone."""
    j = judge("新华路社区农贸市场后面公厕堵了", "新华路社区农贸市场后面垃圾没人清")
    assert j.full > 0.5 > 0.3 > j.text


def test_item_is_judged_as_a_whole():
    """One report of the item that conflicts stops the join, whatever the best line says."""
    both = "卫生室门口路灯坏了\n卫生室门口灯杆歪了，有危险"
    assert judge("卫生室门前路灯不亮", both).verdict == CONFLICT


def test_a_later_report_does_not_widen_the_item():
    """What the founding report is about bounds what the item attracts."""
    wide = "门口垃圾桶满了没人清\n门口垃圾桶满了，旁边广告牌也倒了"
    assert judge("门口广告牌倒了", wide).verdict == OTHER_OBJECTS
    assert judge("门口垃圾桶满了", wide).verdict in (SAME_PROBLEM, SAME_OBJECT)


def test_trap_is_listed_as_not_a_duplicate_and_never_joined():
    """Same place, other defect: a new item, with the near one listed as not likely."""
    lamp = item(3, "卫生室门前路灯不亮")
    d = decide(report("卫生室门口灯杆歪了，快倒了"), [lamp], CONFIG, NOW)
    assert d.kind == "new" and d.suggestions and not d.suggestions[0].likely
    assert "defect_differs" in d.suggestions[0].reasons
    assert d.suggestions[0].conflict == "defect:路灯" and d.suggestions[0].score == 0.0


def test_trap_first_does_not_capture_the_genuine_reports():
    """A trap that arrived first is weighed as a conflict: the genuine report opens its own."""
    trap = item(1, "卫生室门前路灯杆倾斜")
    genuine = item(2, "卫生室门前路灯不亮", lat=north(8))
    d = decide(report("卫生室门口路灯坏了，晚上黑灯瞎火"), [trap, genuine], CONFIG, NOW)
    assert (d.kind, d.item_id) == ("join", 2)


def test_bridging_report_joins_the_better_item_and_proposes_the_pair():
    """A report matching two open items joins one and names the other as a bridge."""
    one = item(1, "东街中华路口井盖没了", lat=north(3))
    two = item(2, "东街口窨井盖缺失", lat=north(20))
    d = decide(report(), [one, two], CONFIG, NOW)
    assert (d.kind, d.item_id) == ("join", 1)
    assert [m.item_id for m in d.bridges] == [2] and "bridge" in d.reasons


def test_a_joined_report_bridges_to_a_likely_item_too_far_to_join():
    """A report that joins one item and is a likely duplicate of another (the same problem
    60 m off, beyond the join distance) proposes the two items as one, for the office to
    decide, as a new item's likely duplicates are; a near item it is judged a different
    problem from (a broken cover, not a missing one) is never bridged."""
    one = item(1, "东街中华路口井盖没了", lat=north(3))
    two = item(2, "东街口窨井盖缺失", lat=north(60))
    broken = item(3, "东街中华路口井盖破损", lat=north(5))
    d = decide(report(), [one, two, broken], CONFIG, NOW)
    assert (d.kind, d.item_id) == ("join", 1)
    assert [m.item_id for m in d.bridges] == [2] and "bridge" in d.reasons


def test_far_identical_text_is_not_joined():
    """The same words 90 m apart with good fixes are two problems."""
    lamp = item(1, "路灯不亮", lat=north(90))
    d = decide(report("路灯不亮"), [lamp], CONFIG, NOW)
    assert d.kind == "new"


def test_text_without_a_chinese_word_tells_nothing():
    """Markup, codes or numbers alone are never 'similar wording' (an XSS probe twice)."""
    probe = "<script>window.__xss=1</script>"
    assert judge(f"a1{probe}", f"b2<img src=x>{probe}").text == 0.0
    d = decide(report(f"c3{probe}", category="health"), [item(4, f"d4{probe}")], CONFIG, NOW)
    assert d.kind == "new"


def test_the_same_object_joins_only_when_what_is_said_of_it_agrees():
    """Naming one lamp is not enough: 白天也亮着 and 灯罩碎了 say different things of it, so
    the report is only suggested; 灯罩碎了 and 灯罩破了一块 say the same and join."""
    lamp = item(1, "东街中华路口路灯灯罩碎了", lat=north(5))
    d = decide(report("东街中华路口路灯白天也亮着，浪费电"), [lamp], CONFIG, NOW)
    assert d.kind == "new" and d.suggested_item_ids == (1,)
    d = decide(report("中华路口那个路灯灯罩子烂了"), [lamp], CONFIG, NOW)
    assert (d.kind, d.item_id) == ("join", 1)


def test_an_item_is_about_the_object_its_first_naming_report_names():
    """An item opened by an effect alone (黑灯瞎火的) is about the lamp its next report
    names: a report of a cover is another object there, not an unknown to weigh on wording."""
    item_text = "路口这块晚上黑灯瞎火的\n路口路灯不亮"
    assert judge("路口井盖没了", item_text).verdict == OTHER_OBJECTS
    assert judge("路口路灯又不亮了", item_text).verdict == SAME_PROBLEM
