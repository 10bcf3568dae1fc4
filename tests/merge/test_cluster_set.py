"""The labelled clusters of tests/merge/clusters/ hold what issue 14 asks of them, and the
replay harness (bench/merge_replay.py) scores a replay correctly.

These tests check the data and the arithmetic, never the engine's quality figures: the
figures are for bench/merge_quality.py to print.
"""

import importlib.util
import json
from collections import Counter, defaultdict
from itertools import combinations

import pytest

from bench import merge_quality
from bench.merge_replay import (
    CLUSTERS,
    KINDS,
    NOW,
    SHOULD_MERGE,
    Ledger,
    Replay,
    load,
    replay,
    score,
    signal,
)
from server.services.merging import BatchPool
from sync.geo import haversine_m
from sync.merge import MergeConfig, Probe, ReportSignal, decide, search_radius_m

SPLIT = ("tune.jsonl", "measure.jsonl")
HOLDOUT = "holdout.jsonl"   # written without sight of the engine or the other sets
TUNE2 = "tune2.jsonl"       # a second tune set, written blind too (make_tune2.py)
TUNE3 = "tune3.jsonl"       # a third, written blind too (make_tune3.py)
TUNE4 = "tune4.jsonl"       # a fourth (make_tune4.py), on ground the others may use too
TUNE5 = "tune5.jsonl"       # a fifth (make_tune5.py), likewise
FILES = SPLIT + (HOLDOUT, TUNE2, TUNE3, TUNE4, TUNE5)
REPLAYS = (SPLIT, (HOLDOUT,), (TUNE2,), (TUNE3,), (TUNE4,), (TUNE5,))   # each scenes clear
PREFIX = {"tune.jsonl": "t", "measure.jsonl": "m", HOLDOUT: "h", TUNE2: "u", TUNE3: "v",
          TUNE4: "w", TUNE5: "x"}
AREAS = {"tune.jsonl": range(1, 100), "measure.jsonl": range(1, 100), HOLDOUT: range(101, 141),
         TUNE2: range(141, 201), TUNE3: range(201, 261), TUNE4: range(261, 321),
         TUNE5: range(321, 381)}
SCRIPTS = {TUNE2: "make_tune2.py", TUNE3: "make_tune3.py", TUNE4: "make_tune4.py",
           TUNE5: "make_tune5.py"}
CLEAR = (TUNE2, TUNE3)   # scripted sets that keep 1.5 km from every other file
TRAPS = ("place_trap", "defect_trap", "trap_first")
CATEGORIES = {"infrastructure", "convenience", "health", "culture_tourism",
              "disaster_rebuild", "other"}
FIELDS = {"id", "cluster", "kind", "category", "description", "lat", "lon", "accuracy_m",
          "area_id", "scene", "order"}


def rows_of(name: str) -> list[dict]:
    """The lines of one file, as written."""
    with (CLUSTERS / name).open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


@pytest.fixture(scope="module")
def files() -> dict[str, list[dict]]:
    """Every file's lines."""
    return {name: rows_of(name) for name in FILES}


@pytest.fixture(scope="module")
def everything(files) -> list[dict]:
    """All reports of all files."""
    return [r for rows in files.values() for r in rows]


def by(rows: list[dict], key: str) -> dict[str, list[dict]]:
    """Rows grouped by one field."""
    out = defaultdict(list)
    for r in rows:
        out[r[key]].append(r)
    return out


def test_every_line_is_well_formed(files, everything):
    """Every field present and in range, ids unique over all files and named after theirs."""
    assert len({r["id"] for r in everything}) == len(everything)
    for name, rows in files.items():
        for r in rows:
            assert set(r) == FIELDS and r["id"].startswith(PREFIX[name]), r["id"]
            assert r["kind"] in KINDS and r["category"] in CATEGORIES, r["id"]
            assert r["description"].strip() and 5 <= r["accuracy_m"] <= 60, r["id"]
            assert type(r["area_id"]) is int and r["area_id"] in AREAS[name], r["id"]
            assert haversine_m(34.39, 113.74, r["lat"], r["lon"]) < 25_000, r["id"]


def test_big_enough_and_every_kind_well_represented(files):
    """At least 650 reports in 270 clusters; at least 40 reports of every kind."""
    everything = [r for name in SPLIT for r in files[name]]
    assert len(everything) >= 650
    assert len({r["cluster"] for r in everything}) >= 270
    kinds = Counter(r["kind"] for r in everything)
    assert all(kinds[k] >= 40 for k in KINDS), kinds


def test_holdout_big_enough_and_every_kind_well_represented(files):
    """At least 320 reports in 130 clusters over the 40 areas 101-140; 20 of every kind."""
    rows = files[HOLDOUT]
    assert len(rows) >= 320 and len({r["cluster"] for r in rows}) >= 130
    assert {r["area_id"] for r in rows} == set(AREAS[HOLDOUT])
    kinds = Counter(r["kind"] for r in rows)
    assert all(kinds[k] >= 20 for k in KINDS), kinds
    for r in rows:
        assert r["cluster"].startswith("h-c") and r["scene"].startswith("h-s"), r["id"]


def test_split_by_cluster_and_scene_about_40_60(files):
    """No cluster or scene across the files; tune holds about 40 % of tune and measure."""
    for key in ("cluster", "scene"):
        for a, b in combinations(FILES, 2):
            assert {r[key] for r in files[a]}.isdisjoint(r[key] for r in files[b]), (key, a, b)
    share = len(files["tune.jsonl"]) / sum(len(files[name]) for name in SPLIT)
    assert 0.33 <= share <= 0.47
    for rows in files.values():
        assert {r["kind"] for r in rows} == set(KINDS)
        assert sorted(r["order"] for r in rows) == list(range(1, len(rows) + 1))


def test_reports_of_one_problem_lie_3_to_40_m_apart(everything):
    """Same-cluster reports are a few tens of metres apart; clusters hold 1 to 5 reports."""
    for cluster, rows in by(everything, "cluster").items():
        assert 1 <= len(rows) <= 5, cluster
        assert len({r["scene"] for r in rows}) == 1, cluster
        for a, b in combinations(rows, 2):
            assert 3 <= haversine_m(a["lat"], a["lon"], b["lat"], b["lon"]) <= 40, cluster


def test_should_merge_kinds_are_clusters_of_several(everything):
    """A wording, other-category or paraphrase report always has a duplicate to find."""
    sizes = Counter(r["cluster"] for r in everything)
    for r in everything:
        if r["kind"] in SHOULD_MERGE:
            assert sizes[r["cluster"]] >= 2, r["id"]
        if r["kind"] == "other_category":
            others = {x["category"] for x in everything if x["cluster"] == r["cluster"]}
            assert len(others) >= 2, r["id"]


@pytest.mark.parametrize("replayed", REPLAYS)
def test_scenes_never_reach_each_other(files, replayed):
    """Reports of different scenes replayed together are farther apart than any report
    looks for items."""
    widest = search_radius_m(ReportSignal("other", 34.39, 113.74, 100.0, "x"), MergeConfig())
    scenes = by([r for name in replayed for r in files[name]], "scene")
    centre = {s: (rows[0]["lat"], rows[0]["lon"]) for s, rows in scenes.items()}
    for s, t in combinations(scenes, 2):
        if haversine_m(*centre[s], *centre[t]) > 3000:
            continue  # a scene spans at most 600 m
        for a in scenes[s]:
            for b in scenes[t]:
                assert haversine_m(a["lat"], a["lon"], b["lat"], b["lon"]) > widest, (s, t)


@pytest.mark.parametrize(("replayed", "least"),
                         list(zip(REPLAYS, (15, 8, 12, 12, 12, 12), strict=True)))
def test_far_wording_is_the_same_words_80_to_600_m_apart(files, replayed, least):
    """Clusters of one far-wording scene are 80–600 m apart and say nearly the same."""
    rows = [r for name in replayed for r in files[name]]
    scenes = by([r for r in rows if r["kind"] == "far_wording"], "scene")
    assert len(scenes) >= least
    for scene, rows in scenes.items():
        for a, b in combinations(rows, 2):
            if a["cluster"] == b["cluster"]:
                continue
            assert 80 <= haversine_m(a["lat"], a["lon"], b["lat"], b["lon"]) <= 600, scene
            assert set(a["description"]) - set(b["description"]) <= set(" ，"), scene


def test_traps_arrive_first_only_where_labelled(files):
    """In a scene with trap_first reports they arrive first; in others a genuine one does."""
    for rows in files.values():
        for scene, group in by(rows, "scene").items():
            first = min(group, key=lambda r: r["order"])
            if any(r["kind"] == "trap_first" for r in group):
                assert first["kind"] == "trap_first", scene
            else:
                assert first["kind"] in SHOULD_MERGE + ("neighbour", "far_wording"), scene


def test_tune2_big_enough_and_every_kind_well_represented(files):
    """At least 450 reports in 190 clusters and 100 scenes over the 60 areas 141-200;
    30 reports of every kind; some as short as 6 characters, some 75 or longer."""
    _big_enough(files[TUNE2], TUNE2, reports=450, clusters=190, scenes=100, per_kind=30)


def test_tune3_big_enough_and_every_kind_well_represented(files):
    """At least 520 reports in 220 clusters and 105 scenes over the 60 areas 201-260;
    35 reports of every kind; some as short as 6 characters, some 75 or longer."""
    _big_enough(files[TUNE3], TUNE3, reports=520, clusters=220, scenes=105, per_kind=35)


def test_tune4_big_enough_and_every_kind_well_represented(files):
    """At least 560 reports in 240 clusters and 110 scenes over the 60 areas 261-320;
    35 reports of every kind; some as short as 6 characters, some 75 or longer."""
    _big_enough(files[TUNE4], TUNE4, reports=560, clusters=240, scenes=110, per_kind=35)


def test_tune5_big_enough_and_every_kind_well_represented(files):
    """At least 560 reports in 240 clusters and 110 scenes over the 60 areas 321-380;
    35 reports of every kind; some as short as 6 characters, some 75 or longer."""
    _big_enough(files[TUNE5], TUNE5, reports=560, clusters=240, scenes=110, per_kind=35)


def _big_enough(rows, name, reports, clusters, scenes, per_kind):
    """The size checks of a scripted tune set."""
    assert len(rows) >= reports and len({r["cluster"] for r in rows}) >= clusters
    assert len({r["scene"] for r in rows}) >= scenes
    assert {r["area_id"] for r in rows} == set(AREAS[name])
    kinds = Counter(r["kind"] for r in rows)
    assert all(kinds[k] >= per_kind for k in KINDS), kinds
    lengths = [len(r["description"]) for r in rows]
    assert min(lengths) <= 6 and max(lengths) >= 75 and max(lengths) <= 100
    for r in rows:
        assert r["cluster"].startswith(f"{PREFIX[name]}-c"), r["id"]
        assert r["scene"].startswith(f"{PREFIX[name]}-s"), r["id"]


@pytest.mark.parametrize("name", sorted(SCRIPTS))
def test_scripted_set_is_what_its_script_makes(name):
    """tune2.jsonl and tune3.jsonl are their script's layout of the hand-written texts, so
    an edit of the texts is not lost and the seeded geometry is not edited by hand."""
    spec = importlib.util.spec_from_file_location(name, CLUSTERS / SCRIPTS[name])
    make = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(make)
    text = make.TEXTS.read_text(encoding="utf-8")
    assert make.dumps(make.build(text)) == (CLUSTERS / name).read_text(encoding="utf-8")


@pytest.mark.parametrize("name", CLEAR)
def test_scripted_set_lies_clear_of_the_other_sets(files, name):
    """Every report of tune2 and tune3 is at least 1.5 km from every report of the other
    files, so no replay of them ever weighs one against another; its areas are its own."""
    others = [r for other in FILES if other not in (name, TUNE4, TUNE5) for r in files[other]]
    assert {r["area_id"] for r in others}.isdisjoint(AREAS[name])
    for r in files[name]:
        near = [o for o in others if abs(o["lat"] - r["lat"]) < 0.02]   # 2.2 km north-south
        assert all(haversine_m(r["lat"], r["lon"], o["lat"], o["lon"]) >= 1500
                   for o in near), r["id"]


@pytest.mark.parametrize("name", sorted(SCRIPTS))
def test_scripted_set_scenes_apart_and_traps_beside_the_problem(files, name):
    """Scenes lie 1.3 km apart; a trap lies within 30 m of its scene's problem; every
    trap_first report arrives before the scene's genuine reports."""
    scenes = by(files[name], "scene")
    centre = {s: (rows[0]["lat"], rows[0]["lon"]) for s, rows in scenes.items()}
    for s, t in combinations(scenes, 2):
        assert haversine_m(*centre[s], *centre[t]) >= 1300, (s, t)
    for scene, rows in scenes.items():
        genuine = [r for r in rows if r["kind"] in SHOULD_MERGE]
        for t in (r for r in rows if r["kind"] in TRAPS):
            assert min(haversine_m(t["lat"], t["lon"], g["lat"], g["lon"])
                       for g in genuine) <= 30, t["id"]
        traps = [r["order"] for r in rows if r["kind"] == "trap_first"]
        assert not traps or max(traps) < min(r["order"] for r in genuine), scene


def test_holdout_lies_where_its_brief_put_it(files):
    """Holdout scenes lie 1.3 km apart in 34.3-34.6 N, 113.5-113.9 E, clear of the box
    34.29-34.49 N, 113.60-113.72 E; a trap lies within 30 m of its scene's problem."""
    scenes = by(files[HOLDOUT], "scene")
    for r in files[HOLDOUT]:
        assert 34.3 <= r["lat"] <= 34.6 and 113.5 <= r["lon"] <= 113.9, r["id"]
        assert not (34.29 <= r["lat"] <= 34.49 and 113.60 <= r["lon"] <= 113.72), r["id"]
    centre = {s: (rows[0]["lat"], rows[0]["lon"]) for s, rows in scenes.items()}
    for s, t in combinations(scenes, 2):
        assert haversine_m(*centre[s], *centre[t]) >= 1300, (s, t)
    for rows in scenes.values():
        genuine = [r for r in rows if r["kind"] in SHOULD_MERGE]
        for t in (r for r in rows if r["kind"] in TRAPS):
            assert min(haversine_m(t["lat"], t["lon"], g["lat"], g["lon"])
                       for g in genuine) <= 30, t["id"]


def test_holdout_traps_first_arrive_before_every_genuine_report(files):
    """In a holdout trap_first scene every trap arrives before the scene's genuine reports."""
    for scene, rows in by(files[HOLDOUT], "scene").items():
        traps = [r["order"] for r in rows if r["kind"] == "trap_first"]
        genuine = [r["order"] for r in rows if r["kind"] in SHOULD_MERGE]
        assert not traps or max(traps) < min(genuine), scene


def report(rid, cluster, scene="s1", kind="wording", text="井盖没了", lat=34.39, lon=113.74):
    """A labelled report for the scoring tests."""
    return {"id": rid, "cluster": cluster, "kind": kind, "category": "infrastructure",
            "description": text, "lat": lat, "lon": lon, "accuracy_m": 10.0,
            "area_id": 1, "scene": scene, "order": 0}


def test_score_counts_pairs_as_defined():
    """Three reports of one problem and a trap: hand-counted precision, recall and shares."""
    reports = [report("a1", "A"), report("a2", "A"), report("a3", "A"),
               report("b", "B", kind="place_trap")]
    placed = Replay(item_of={"a1": "i1", "a2": "i1", "b": "i1", "a3": "i2"},
                    suggested={frozenset({"i1", "i2"})})
    figures = score(reports, placed)
    overall = figures["overall"]
    assert (overall["positive_pairs"], overall["negative_pairs"]) == (3, 3)
    assert overall["precision"] == pytest.approx(1 / 3)   # a1a2 right, a1b a2b wrong
    assert overall["recall"] == pytest.approx(1 / 3)
    assert overall["merged_or_suggested_recall"] == 1.0
    assert overall["negative_merged"] == pytest.approx(2 / 3)
    assert overall["negative_suggested"] == pytest.approx(1 / 3)
    assert (figures["items"], figures["mixed_items"]) == (2, 1)
    trap = figures["kinds"]["place_trap"]
    assert (trap["reports"], trap["positive_pairs"], trap["negative_pairs"]) == (1, 0, 3)
    assert trap["precision"] == 0.0


def test_wrong_merges_across_scenes_count_against_precision():
    """A merge of two scenes' reports is a wrong merge, though no scene pair is counted."""
    reports = [report("a", "A", scene="s1"), report("b", "B", scene="s2")]
    figures = score(reports, Replay(item_of={"a": "i1", "b": "i1"}))
    assert figures["overall"]["precision"] == 0.0
    assert figures["overall"]["negative_pairs"] == 0


def test_replay_joins_suggests_and_keeps_apart():
    """The engine's decisions land where they say: a join, a new item with suggestions."""
    reports = [report("a1", "A", text="中华路井盖没了"),
               report("a2", "A", text="中华路井盖没了", lat=34.39005),
               report("f", "F", scene="s2", text="中华路井盖没了", lat=34.40)]
    placed = replay(reports)
    assert placed.item_of["a1"] == placed.item_of["a2"] != placed.item_of["f"]
    assert placed.decisions["a2"].kind == "join"
    reverse = replay(reports, reverse=True)
    assert reverse.item_of["a2"] == reverse.item_of["a1"]
    assert reverse.decisions["a1"].kind == "join"


def test_replay_weighs_what_the_server_pool_weighs():
    """On a slice, the harness's items give decide the same candidates as the server's
    BatchPool does (first report's position, texts one per line), so the same placements."""
    reports = load("tune")[:90]
    config, ledger, pool = MergeConfig(), Ledger(), BatchPool()
    for n, r in enumerate(reports):
        s = signal(r)
        ours, theirs = ledger.candidates(Probe(s, config)), pool.candidates(Probe(s, config))
        assert [(c.description, c.lat, c.category) for c in ours] == [
            (c.description, c.lat, c.category) for c in theirs], r["id"]
        ours_d, theirs_d = decide(s, ours, config, NOW), decide(s, theirs, config, NOW)
        assert ours_d.kind == theirs_d.kind, r["id"]
        ledger.apply(s, ours_d)
        pool.add(f"item{n}", s, theirs_d)


@pytest.mark.parametrize("set_name", ["tune", "measure", "tune2", "tune3", "tune4", "tune5"])
@pytest.mark.parametrize("reverse", [False, True])
def test_harness_gives_figures_between_0_and_1(set_name, reverse, capsys):
    """The command runs on each set and order; every figure it returns lies in [0, 1]."""
    figures = merge_quality.report(set_name, reverse)
    out = capsys.readouterr().out
    assert out.startswith(f"set {set_name}") and "defect_trap" in out
    groups = [figures["overall"], *figures["kinds"].values()]
    for f in groups:
        for key in ("precision", "recall", "merged_or_suggested_recall",
                    "negative_merged", "negative_suggested"):
            assert 0.0 <= f[key] <= 1.0, key
    assert figures["overall"]["reports"] == len(load(set_name))


def test_misses_are_refused_on_the_measure_set(capsys):
    """The measure part is only for measuring: the command will not list its misses."""
    with pytest.raises(SystemExit) as stop:
        merge_quality.main(["--set", "measure", "--misses"])
    assert stop.value.code == 2
    assert "only for measuring" in capsys.readouterr().err


@pytest.mark.parametrize("set_name", ["holdout", "all"])
def test_misses_are_refused_on_the_other_measuring_sets(set_name, capsys):
    """The holdout set, and all (which holds the measure set), only measure as well."""
    with pytest.raises(SystemExit) as stop:
        merge_quality.main(["--set", set_name, "--misses"])
    assert stop.value.code == 2
    assert "only for measuring" in capsys.readouterr().err


@pytest.mark.parametrize("set_name", ["tune2", "tune3", "tune4", "tune5"])
def test_misses_are_listed_on_the_blind_tune_sets(set_name, capsys):
    """tune2 and tune3 are tune sets: their wrong merges and missed pairs may be listed."""
    merge_quality.main(["--set", set_name, "--misses"])
    out = capsys.readouterr().out
    assert out.startswith(f"set {set_name}") and "\nwrong_merges (" in out and "\nmissed (" in out
