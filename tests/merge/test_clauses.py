"""sync.clauses: objects that only say where, defects that go with the object after them,
problems matched by family, and conflicts between objects of one family."""

import pytest

from sync.lexicon import analyse, conflict, load
from sync.problem import CONFLICT, OTHER_OBJECTS, SAME_PROBLEM, judge

# (text, objects it is about, the place words)
WHERE = [
    ("公厕旁边乱堆垃圾", {"垃圾"}, ("公厕旁边",)),
    ("河道里漂浮垃圾多", {"垃圾"}, ("河道里",)),
    ("灯杆上的小广告", {"小广告"}, ("灯杆上",)),
    ("坑塘边钓鱼的扔的垃圾", {"垃圾"}, ("坑塘边",)),
    ("排涝沟上的便桥断了", {"桥梁"}, ("排涝沟上",)),
    # no other object follows in the clause: the object is what the report is about
    ("公厕里很脏", {"公厕"}, ()),
    ("井盖旁边", {"井盖"}, ("旁边",)),
    ("路灯下面，积水", {"路灯"}, ()),
    # not a locative: 上报 begins a word
    ("井盖上报了", {"井盖"}, ()),
]


@pytest.mark.parametrize(("text", "objects", "places"), WHERE)
def test_an_object_before_a_locative_and_another_object_says_where(text, objects, places):
    """公厕旁边乱堆垃圾 is about rubbish; 公厕里很脏 is about the toilet."""
    result = analyse(text)
    assert (result.objects, result.place_words) == (objects, places)


PAIRS = [
    ("公厕旁边乱堆垃圾", {("垃圾", "堆放")}),
    ("公厕没人打扫，旁边乱堆垃圾", {("公厕", "无人清理"), ("垃圾", "堆放")}),
    ("路面未修复，坑坑洼洼", {("路面", "坑洼")}),
]


@pytest.mark.parametrize(("text", "problems"), PAIRS)
def test_a_defect_before_an_object_of_its_clause_goes_with_that_object(text, problems):
    """乱堆 goes with the 垃圾 after it, not with the 公厕 of the clause before."""
    assert analyse(text).problems == problems


def test_problems_match_by_family_of_object_and_defect():
    """Rubbish dumped and debris heaped by a pond are one problem (垃圾 and 杂物 are kin)."""
    verdict = judge("南坑塘边上堆满碎砖烂瓦", "孟庄村南坑塘边乱倒建筑垃圾").verdict
    assert verdict == SAME_PROBLEM


def test_a_place_object_no_longer_makes_two_problems_one():
    """A toilet not cleaned and rubbish heaped beside it are two problems."""
    verdict = judge("农贸市场后面公厕旁边乱堆垃圾", "农贸市场后面公厕没人打扫，很脏").verdict
    assert verdict == OTHER_OBJECTS


def test_objects_of_one_family_with_other_defects_conflict():
    """A board broken and a board wrongly worded (宣传栏, 宣传牌) are two problems."""
    a, b = analyse("文化大院宣传栏损坏，玻璃碎了"), analyse("门口宣传牌上的字写错了")
    assert conflict(a, b) is not None
    assert judge("门口宣传牌上的字写错了", "文化大院宣传栏损坏，玻璃碎了").verdict == CONFLICT


def test_an_object_whose_presence_is_the_problem_implies_its_defect(tmp_path):
    """垃圾多 says rubbish is heaped there: an object's class may name the defect its mere
    mention implies (`class>defect`), used when the text pairs it with none."""
    office = tmp_path / "office_objects.tsv"
    office.write_text("垃圾\t垃圾|塑料袋\t市容环境:waste>堆放\n", encoding="utf-8")
    lex = load(office)
    assert analyse("景区停车场门口垃圾多", lexicon=lex).problems == {("垃圾", "堆放")}
    assert analyse("塑料袋没人收拾", lexicon=lex).problems == {("垃圾", "无人清理")}
    assert lex.kin("垃圾") == {"垃圾", "waste"}


# (text, identifiers): neighbouring things told apart by a household, men and women, a
# street, bank or direction of travel, up- or downstream
IDS = [
    ("东街赵家院墙往路上歪", {("household", "赵")}),
    ("王家院子里积水", {("household", "王")}),
    ("李家院村路灯不亮", set()),          # a village named 李家院, not the Li household
    ("游园公厕女厕那边冲水坏了", {("gender", "女")}),
    ("男卫生间灯不亮", {("gender", "男")}),
    ("罗家岗后街路灯全不亮", {("front", "后")}),   # 罗家岗 is a village
    ("站台往东去那边的站牌倒了", {("side", "东")}),
    ("西行方向站牌歪倒在地上", {("side", "西")}),
    ("桥北东岸护坡塌了一段", {("side", "东")}),
    ("小桥上游那边河里堆了一片垃圾", {("reach", "上")}),
]


@pytest.mark.parametrize(("text", "ids"), IDS)
def test_households_and_sexes_are_identifiers(text, ids):
    """赵家院墙 vs 钱家院墙, 女厕 vs 男厕, 前街 vs 后街, 东岸 vs 西岸, 往东 vs 西行, 上游 vs
    下游: neighbours of one kind, two problems."""
    assert analyse(text).identifiers == ids
