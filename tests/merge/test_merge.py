"""Unit tests of sync.merge.decide and its helpers: the hard rules of the merge issue."""

import dataclasses
import math
from datetime import UTC, datetime, timedelta

import pytest

from sync.geo import haversine_m
from sync.merge import (
    Candidate,
    Decision,
    MergeConfig,
    Probe,
    ReportSignal,
    decide,
    join_threshold_m,
    search_radius_m,
)

NOW = datetime(2026, 11, 27, 2, 0, tzinfo=UTC)
CONFIG = MergeConfig()
LAT, LON = 34.396120, 113.742310  # 东街与中华路交叉口
M_PER_DEG = 111_195.0


def north(metres: float) -> float:
    """The latitude `metres` north of the test corner."""
    return LAT + metres / M_PER_DEG


def report(text="东街中华路口井盖没了，晚上太危险", *, category="infrastructure", lat=LAT,
           lon=LON, accuracy_m=10.0, area_id=1) -> ReportSignal:
    """A new report at the corner."""
    return ReportSignal(category, lat, lon, accuracy_m, text, area_id)


def item(item_id=1, text="东街与中华路交叉口窨井盖缺失，存在安全隐患", *, status="new",
         category="infrastructure", lat=LAT, lon=LON, accuracy_m=10.0, area_id=1,
         closed_at=None) -> Candidate:
    """An existing item at the corner."""
    return Candidate(item_id, status, category, lat, lon, accuracy_m, text, area_id, closed_at)


def test_same_problem_reworded_joins():
    """A rewording of an open item's problem at the same corner joins it."""
    d = decide(report(), [item(7)], CONFIG, NOW)
    assert (d.kind, d.item_id, d.needs_review) == ("join", 7, False)
    assert d.match is not None and "same_problem" in d.match.reasons
    assert d.match.what == ("井盖·缺失",) and d.match.likely


@pytest.mark.parametrize("status", ["assigned", "rectified", "long_term"])
def test_every_open_status_can_be_joined(status):
    """Open means new, assigned, rectified or long_term."""
    assert decide(report(), [item(status=status)], CONFIG, NOW).kind == "join"


@pytest.mark.parametrize("status", ["closed", "rejected", "merged"])
def test_closed_rejected_merged_items_are_never_joined(status):
    """Finished items attract no new reports, however alike."""
    old = item(3, "东街中华路口井盖没了，晚上太危险", status=status,
               closed_at=NOW - timedelta(days=400))
    d = decide(report(), [old], CONFIG, NOW)
    assert d.kind == "new" and d.item_id is None
    assert 3 not in d.suggested_item_ids


def test_recently_closed_same_kind_is_a_recurrence():
    """A report near an item of the same kind closed 20 days ago is its recurrence."""
    closed = item(4, status="closed", closed_at=NOW - timedelta(days=20))
    d = decide(report("东街口的井盖又丢了，上个月刚补的"), [closed], CONFIG, NOW)
    assert d.kind == "new" and d.recurrence_of == 4 and "recurrence" in d.reasons


def test_recurrence_window_and_kind():
    """Closed too long ago, rejected, or another problem: no recurrence."""
    long_ago = item(4, status="closed", closed_at=NOW - timedelta(days=200))
    rejected = item(5, status="rejected")
    other = item(6, "东街口路灯不亮", status="closed", closed_at=NOW - timedelta(days=5))
    d = decide(report(), [long_ago, rejected, other], CONFIG, NOW)
    assert d.kind == "new" and d.recurrence_of is None
    wide = dataclasses.replace(CONFIG, recurrence_days=365)
    assert decide(report(), [long_ago], wide, NOW).recurrence_of == 4


def test_naive_closed_at_is_taken_as_utc():
    """A naive closed_at from the database compares with an aware now."""
    closed = item(4, status="closed", closed_at=(NOW - timedelta(days=3)).replace(tzinfo=None))
    assert decide(report(), [closed], CONFIG, NOW).recurrence_of == 4


def test_no_position_is_new_and_needs_review():
    """No fix: never auto-merge; a same-area match is only suggested."""
    d = decide(report(lat=None, lon=None, accuracy_m=None), [item(8)], CONFIG, NOW)
    assert (d.kind, d.needs_review) == ("new", True)
    assert d.suggested_item_ids == (8,) and "position_unusable" in d.reasons


def test_bad_fix_suggests_by_area_even_when_the_point_is_far():
    """A 1.5 km fix may land anywhere; the same area still finds the item."""
    d = decide(report(lat=north(900), accuracy_m=1500.0), [item(8)], CONFIG, NOW)
    assert d.suggested_item_ids == (8,) and d.needs_review
    other_area = decide(report(lat=north(900), accuracy_m=1500.0, area_id=2), [item(8)],
                        CONFIG, NOW)
    assert other_area.suggestions == ()


@pytest.mark.parametrize("accuracy", [100.1, 250.0, 1500.0, None, -1.0, math.nan])
def test_accuracy_over_the_limit_never_auto_merges(accuracy):
    """Identical text at the identical point still does not join on a bad fix."""
    same_text = item(9, "东街中华路口井盖没了，晚上太危险")
    d = decide(report(accuracy_m=accuracy), [same_text], CONFIG, NOW)
    assert (d.kind, d.needs_review) == ("new", True)
    assert d.suggested_item_ids == (9,)


def test_item_without_usable_position_is_only_suggested():
    """An item whose own fix is bad can be suggested, not joined."""
    d = decide(report(), [item(2, accuracy_m=400.0)], CONFIG, NOW)
    assert d.kind == "new" and d.suggested_item_ids == (2,) and not d.needs_review


def test_distance_threshold_widens_with_accuracy():
    """80 m apart: two good fixes are two places, two poor fixes may be one."""
    far = item(lat=north(80))
    assert decide(report(accuracy_m=5.0), [dataclasses.replace(far, accuracy_m=5.0)],
                  CONFIG, NOW).kind == "new"
    assert decide(report(accuracy_m=30.0), [dataclasses.replace(far, accuracy_m=30.0)],
                  CONFIG, NOW).kind == "join"
    assert join_threshold_m(5, 5, CONFIG) < join_threshold_m(30, 30, CONFIG)
    assert join_threshold_m(100, 100, CONFIG) == CONFIG.max_distance_m


def test_same_wording_far_apart_is_a_new_item():
    """Another missing cover 500 m away is another problem."""
    d = decide(report(), [item(lat=north(500), text=report().description)], CONFIG, NOW)
    assert d.kind == "new" and d.suggestions == ()


def test_other_problem_at_the_same_corner_is_new():
    """路灯不亮 and 井盖缺失 at one corner are two items."""
    d = decide(report(), [item(text="东街与中华路交叉口路灯不亮，黑灯瞎火")], CONFIG, NOW)
    assert d.kind == "new"


def test_different_building_numbers_do_not_join():
    """3号楼 and 5号楼 of one community are two problems."""
    d = decide(report("李唐庄社区5号楼前路面塌陷", area_id=2),
               [item(text="李唐庄社区3号楼前路面塌陷", area_id=2)], CONFIG, NOW)
    assert d.kind == "new"


def test_compatible_categories_are_related_and_can_be_configured():
    """灾后重建 and 基础设施 are related by default; a config can allow or forbid pairs."""
    flood = item(text="人民路西段水毁路面至今未修复，坑洼严重", category="disaster_rebuild")
    r = report("人民路西段路面坑洼，大雨冲坏的一直没修")
    assert "category_related" in decide(r, [flood], CONFIG, NOW).match.reasons
    strict = dataclasses.replace(CONFIG, compatible_categories=frozenset())
    assert "category_differs" in decide(r, [flood], strict, NOW).match.reasons
    vague = item(text="路口这块情况严重，群众意见大", category="culture_tourism")
    vaguely = report("路口这里情况比较严重，得管管")   # text 0.45, no object named
    assert decide(vaguely, [vague], CONFIG, NOW).kind == "new"
    park = frozenset({"infrastructure", "culture_tourism"})
    loose = dataclasses.replace(CONFIG, compatible_categories=frozenset({park}))
    assert decide(vaguely, [vague], loose, NOW).kind == "join"


def test_category_is_evidence_not_a_gate():
    """The same problem under another category joins, however it is worded; wording
    alone under another category is only suggested."""
    d = decide(report(category="health"), [item(5)], CONFIG, NOW)
    assert d.kind == "join" and "category_differs" in d.match.reasons
    vague = item(6, "路口这块情况严重，群众意见大")
    reworded = report("路口这里情况比较严重，得管管")   # text 0.45: joins in its own category
    assert decide(reworded, [vague], CONFIG, NOW).kind == "join"
    d = decide(dataclasses.replace(reworded, category="health"), [vague], CONFIG, NOW)
    assert d.kind == "new" and d.suggested_item_ids == (6,)
    assert "category_differs" in d.suggestions[0].reasons
    full = item(7, "南地旱厕粪坑满溢", category="health")
    told_otherwise = report("南地那个老茅房下面满出来了，臭气熏天", category="other")
    d = decide(told_otherwise, [full], CONFIG, NOW)   # little wording in common
    assert (d.kind, d.item_id) == ("join", 7) and "category_differs" in d.match.reasons


def test_best_of_several_candidates_is_joined():
    """The closest, most similar open item wins; the others are suggested."""
    best = item(1, "东街中华路口井盖没了", lat=north(5))
    weaker = item(2, "东街口井盖缺失", lat=north(40))
    closed = item(3, "东街中华路口井盖没了", status="closed", closed_at=NOW)
    d = decide(report(), [weaker, closed, best], CONFIG, NOW)
    assert (d.kind, d.item_id) == ("join", 1)
    assert d.suggested_item_ids == (2,)


def test_duplicate_candidates_count_once():
    """The server may send an item twice; it is assessed once."""
    d = decide(report("东街口路灯不亮"), [item(4, "东街路口路灯不亮")] * 2, CONFIG, NOW)
    assert d.kind == "join" and d.suggestions == ()


def test_no_candidates_is_a_plain_new_item():
    """Nothing near: a new item with nothing to show."""
    assert decide(report(), [], CONFIG, NOW) == Decision("new")


def test_search_radius():
    """Positive with a fix (bounded by the widest reach), 0 without a usable lat/lon."""
    widest = (CONFIG.max_distance_m + CONFIG.same_area_extra_m) * CONFIG.suggest_factor
    assert 0 < search_radius_m(report(accuracy_m=5.0), CONFIG) <= widest
    assert search_radius_m(report(accuracy_m=900.0), CONFIG) == widest
    assert search_radius_m(report(lat=None, lon=None), CONFIG) == 0.0
    assert search_radius_m(report(lat=95.0), CONFIG) == 0.0
    tight = dataclasses.replace(CONFIG, max_accuracy_m=20.0)
    assert search_radius_m(report(accuracy_m=5.0), tight) < search_radius_m(
        report(accuracy_m=20.0), tight)


def test_search_radius_covers_every_useful_candidate():
    """A candidate just beyond the radius can be neither joined nor suggested."""
    r = report(accuracy_m=20.0)
    edge = search_radius_m(r, CONFIG)
    just_out = item(lat=north(edge + 5), accuracy_m=CONFIG.max_accuracy_m, text=r.description)
    d = decide(r, [just_out], CONFIG, NOW)
    assert d.kind == "new" and d.suggestions == ()


def test_values_are_frozen():
    """Inputs, config and decisions are immutable values."""
    with pytest.raises(dataclasses.FrozenInstanceError):
        CONFIG.auto_text = 0.1  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        decide(report(), [], CONFIG, NOW).kind = "join"  # type: ignore[misc]


def test_item_with_several_reports_is_compared_report_by_report():
    """An item's description holds one report a line; the closest line counts."""
    several = item(5, "路口这块脏得很\n东街中华路口井盖没了，有个黑窟窿\n晚上看不清")
    d = decide(report("东街中华路口井盖没了"), [several], CONFIG, NOW)
    assert d.kind == "join" and d.match is not None and "same_problem" in d.match.reasons
    numbered = item(6, "李唐庄社区3号楼前路面塌陷\n3号楼楼下路塌了", area_id=2)
    assert decide(report("李唐庄5号楼前路面塌陷", area_id=2), [numbered], CONFIG,
                  NOW).kind == "new"


def test_probe_distance_is_haversine_to_the_last_bit():
    """The per-report shortcut measures exactly what sync.geo.haversine_m measures."""
    import random

    rng = random.Random(5)
    for _ in range(2000):
        lat, lon = rng.uniform(18, 53), rng.uniform(73, 135)
        probe = Probe(ReportSignal("infrastructure", lat, lon, 8.0, "井盖"), CONFIG)
        lat2, lon2 = lat + rng.uniform(-0.01, 0.01), lon + rng.uniform(-0.01, 0.01)
        assert probe.where(lat2, lon2, 8.0, None).distance == haversine_m(lat, lon, lat2, lon2)


@pytest.mark.parametrize("lat, lon, acc", [(None, None, 5.0), (float("nan"), LON, 5.0),
                                           (LAT, LON, float("nan")), (LAT, LON, None),
                                           (LAT, LON, float("inf")), (91.0, LON, 5.0),
                                           (LAT, LON, 5), (True, LON, 5.0)])
def test_probe_treats_odd_item_positions_as_the_general_rule_does(lat, lon, acc):
    """Fast paths for floats agree with the careful checks on every odd value."""
    probe = Probe(report(area_id=1), CONFIG)
    w = probe.where(lat, lon, acc, 1)
    usable = (isinstance(lat, float) and isinstance(lon, float) and math.isfinite(lat)
              and -90 <= lat <= 90 and isinstance(acc, int | float)
              and not isinstance(acc, bool) and math.isfinite(acc) and 0 <= acc <= 100)
    assert w.item_usable == usable
    assert w.within_suggest  # same area stands in for a distance it cannot trust


def test_probe_quick_reject_never_changes_the_answer():
    """worth_comparing's north-south shortcut agrees with the full rule (where) everywhere,
    near its edge included, for every accuracy and with and without a shared area."""
    import random

    rng = random.Random(11)
    rejected = 0
    for _ in range(20000):
        acc = rng.choice((3.0, 15.0, 60.0, 100.0, 150.0, None))
        probe = Probe(ReportSignal("infrastructure", LAT, LON, acc, "井盖", area_id=1), CONFIG)
        span = probe.lat_reach * rng.choice((0.5, 0.99, 1.0, 1.01, 1.5, 3.0))
        lat2 = LAT + rng.choice((-1, 1)) * span
        lon2 = LON + rng.uniform(-span, span)
        item_acc, area = rng.choice((3.0, 50.0, 100.0, 400.0, None)), rng.choice((1, 2, None))
        full = probe.where(lat2, lon2, item_acc, area).within_suggest
        assert probe.worth_comparing(lat2, lon2, item_acc, area) == full
        rejected += not full
    assert rejected > 1000
