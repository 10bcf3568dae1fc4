"""The office's project sheet read cell by cell and row by row (sync/project_cells.py,
sync/project_rows.py), table by table, and written back in the form it is read."""

from datetime import date, datetime

import pytest

from sync import project_cells as c
from sync import project_rows as r
from sync.errors import DomainError

LOOKUPS = r.Lookups(
    units={"住建局": 1, "城管局": 2},
    categories={"城乡基础设施建设": "infrastructure", "infrastructure": "infrastructure",
                "健康卫生": "health", "其他": "other"},
    areas={"郭老庄": 7, "龙湖镇郭老庄": 7, "龙湖镇": 5, "新村": None, "龙湖镇新村": 8},
    category_labels=("城乡基础设施建设", "健康卫生", "其他"))
HEAD = ["序号", "批次", "项目名称", "类别", "责任单位", "领办领导", "总投资（万元）",
        "已完成投资（万元）", "计划开工", "计划完成", "节点"]


@pytest.mark.parametrize("value,expected", [
    (datetime(2026, 3, 1, 0, 0), date(2026, 3, 1)), (date(2026, 3, 1), date(2026, 3, 1)),
    ("2026-03-01", date(2026, 3, 1)), ("2026/3/1", date(2026, 3, 1)),
    ("2026年3月1日", date(2026, 3, 1)), ("2026.3.1", date(2026, 3, 1)),
    ("2026-3-1", date(2026, 3, 1)), ("2026 年 3 月 1 日", date(2026, 3, 1)),
    ("２０２６－０３－０１", date(2026, 3, 1)), ("2026/03/01 00:00:00", date(2026, 3, 1)),
    ("20260301", date(2026, 3, 1)), (46082, date(2026, 3, 1)), (46082.5, date(2026, 3, 1)),
    ("46082", date(2026, 3, 1)), ("2024-02-29", date(2024, 2, 29)),
])
def test_dates_in_every_form_an_office_types(value, expected):
    assert c.read_date(value) == expected


@pytest.mark.parametrize("value", [
    "2026-02-30", "2025-02-29", "2026-13-01", "明年三月", "2026年3月", "3/1/2026", "",
    "0000-01-01", "1800-01-01", "3000-01-01", 0, -5, 10**9, float("nan"), float("inf"),
    date(1800, 1, 1), "2026-03-01-01",
])
def test_what_is_not_a_date(value):
    with pytest.raises(c.CellError) as err:
        c.read_date(value)
    assert err.value.code == "invalid_date" and "2026-03-01" in err.value.message


@pytest.mark.parametrize("value,expected", [
    (17600, "17600"), (40575.06, "40575.06"), ("40575.06", "40575.06"), ("17,600", "17600"),
    ("1,234,567.5", "1234567.5"), ("760万元", "760"), ("760 万", "760"), ("１７６００", "17600"),
    (" 60 ", "60"), ("0", "0"), (0, "0"), ("12200.50", "12200.50"), (1e3, "1000.0"),
])
def test_amounts_in_wan(value, expected):
    assert c.read_number(value) == expected


@pytest.mark.parametrize("value,code", [
    ("很多", "invalid_number"), ("1.76亿", "invalid_number"), ("-5", "negative"),
    ("1e9", "invalid_number"), ("12.3.4", "invalid_number"), ("9" * 20, "out_of_range"),
    (1e20, "out_of_range"), (float("nan"), "invalid_number"), (float("inf"), "invalid_number"),
    ("0." + "1" * 20, "out_of_range"), (True, "invalid_number"),
])
def test_what_is_not_an_amount(value, code):
    with pytest.raises(c.CellError) as err:
        c.read_number(value)
    assert err.value.code == code


@pytest.mark.parametrize("value,expected", [
    ("第一批", 1), ("第二批", 2), ("第三批", 3), ("第1批", 1), ("1", 1), (2, 2), (3.0, 3),
    ("一", 1), ("第十批", 10), ("第十二批", 12), ("第二十批", 20), ("第九十九批", 99),
    ("第两批", 2), ("３", 3), ("第 2 批", 2), ("二批次", 2),
])
def test_batch_words(value, expected):
    assert c.read_batch(value) == expected


@pytest.mark.parametrize("value", ["第一百批", "首批", "第批", "1.5", 1.5, "十十", "二二",
                                   "第一二批", float("nan"), "A"])
def test_what_is_not_a_batch(value):
    with pytest.raises(c.CellError) as err:
        c.read_batch(value)
    assert err.value.code == "invalid_batch"


def test_batch_words_are_written_as_they_are_read():
    for n in range(1, 100):
        assert c.read_batch(c.batch_word(n)) == n
    assert [c.batch_word(n) for n in (1, 10, 11, 20, 35)] == [
        "第一批", "第十批", "第十一批", "第二十批", "第三十五批"]


@pytest.mark.parametrize("value,expected", [
    (35, 35), ("35", 35), ("35%", 35), ("35 %", 35), (0.35, 35), (35.5, 36), ("100", 100),
    (0, 0), ("０", 0),
])
def test_percent_complete(value, expected):
    assert c.read_percent(value) == expected


@pytest.mark.parametrize("text,guarded", [
    ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"), ("+86 138", "'+86 138"),
    ("-西关桥", "'-西关桥"), ("@SUM(A1)", "'@SUM(A1)"), ("\tcmd", "'\tcmd"),
    ("'=x", "''=x"), ("'abc", "'abc"), ("西关桥", "西关桥"), ("", ""), ("'", "'"),
])
def test_csv_formula_guard_and_its_inverse(text, guarded):
    assert c.guard(text) == guarded
    assert c.unguard(c.guard(text)) == text


@pytest.mark.parametrize("header,key", [
    ("项目名称", "name"), (" 项目 名称 ", "name"), ("*项目名称", "name"),
    ("项目名称（必填）", "name"),
    ("总投资（万元）", "total"), ("总投资(万元)", "total"), ("总投资\n（万元）", "total"),
    ("总投资", "total"), ("计划总投资(万元)", "total"), ("已完成投资（万元）", "done"),
    ("完成进度（%）", "percent"), ("完成进度(%)", "percent"), ("计划完成时间", "due"),
    ("责任单位", "unit"), ("牵头单位", "unit"), ("所在乡镇（街道）", "area"),
    ("节点", "milestones"),
    ("备注", None), ("总投资（亿元）", None), ("", None),
])
def test_headers_by_name(header, key):
    assert r.header_key(header) == key


def test_the_header_is_found_below_a_title_in_any_order():
    rows = [(1, ["2026年民生实事项目台账", None]), (3, ["计划完成", "项目名称", "备注", "类别",
                                                  "总投资(万元)", "责任单位"])]
    header = r.find_header(rows)
    assert header.row == 3
    assert header.index == {"due": 0, "name": 1, "category": 3, "total": 4, "unit": 5}
    assert header.column("total") == "总投资(万元)"
    assert header.column("done") == "已完成投资（万元）", "a column the sheet lacks"


def test_a_header_missing_a_required_column_is_named():
    with pytest.raises(DomainError) as err:
        r.find_header([(1, ["序号", "项目名称", "类别", "总投资", "计划完成"])])
    assert err.value.code == "bad_sheet"
    assert err.value.details == {"reason": "missing_columns", "missing": ["责任单位"]}
    assert "责任单位" in err.value.message


def test_a_column_given_twice_is_refused():
    with pytest.raises(DomainError) as err:
        r.find_header([(1, HEAD + ["总投资"])])
    assert err.value.details["reason"] == "duplicate_columns"
    assert err.value.details["columns"] == ["总投资"]


def test_the_header_must_be_near_the_top():
    rows = [(n, [f"说明第{n}行"]) for n in range(1, 11)] + [(11, HEAD)]
    with pytest.raises(DomainError):
        r.find_header(rows)
    assert r.find_header(rows[1:]).row == 11


def _row(**cells):
    """A row under HEAD, blank but for the given cells (by header)."""
    base = {"项目名称": "西关桥改建工程", "类别": "城乡基础设施建设", "责任单位": "住建局",
            "总投资（万元）": "17600", "计划完成": "2027-06-30"}
    base.update(cells)
    return [base.get(h) for h in HEAD]


def _parse(row, head=HEAD):
    """parse_row on row 5 under `head`."""
    return r.parse_row(5, row, r.find_header([(1, head)]), LOOKUPS)


def test_a_good_row_is_the_create_body():
    body, errors = _parse(_row(序号=1, 批次="第二批", 领办领导="王市长", **{
        "已完成投资（万元）": "12,200.5", "计划开工": datetime(2026, 3, 1),
        "节点": "立项 2026-03-01；设计 2026/5/1（已完成 2026-04-28）\n开工：2026年7月1日"}))
    assert errors == []
    assert body == {
        "name": "西关桥改建工程", "batch": 2, "category": "infrastructure", "unit_id": 1,
        "leader_led": True, "leader": "王市长", "investment_total_wan": "17600",
        "investment_done_wan": "12200.5", "start": "2026-03-01", "due": "2027-06-30",
        "milestones": [{"name": "立项", "due": "2026-03-01"},
                       {"name": "设计", "due": "2026-05-01", "done_on": "2026-04-28"},
                       {"name": "开工", "due": "2026-07-01"}]}


def test_blank_optional_cells_are_left_out_as_when_typing_by_hand():
    body, errors = _parse(_row())
    assert errors == [] and "milestones" not in body and "batch" not in body
    assert "leader_led" not in body and "investment_done_wan" not in body


@pytest.mark.parametrize("cell,expected", [
    ("是", {"leader_led": True, "leader": None}), ("√", {"leader_led": True, "leader": None}),
    ("李副市长", {"leader_led": True, "leader": "李副市长"}),
])
def test_a_leader_makes_the_project_leader_led(cell, expected):
    body, _ = _parse(_row(领办领导=cell))
    assert {k: body[k] for k in expected} == expected


@pytest.mark.parametrize("cells,column,code", [
    ({"项目名称": None}, "项目名称", "required"), ({"责任单位": "  "}, "责任单位", "required"),
    ({"计划完成": None}, "计划完成", "required"),
    ({"总投资（万元）": None}, "总投资（万元）", "required"),
    ({"批次": "首批"}, "批次", "invalid_batch"), ({"类别": "交通"}, "类别", "unknown_category"),
    ({"责任单位": "水利局"}, "责任单位", "unknown_unit"),
    ({"总投资（万元）": "约两亿"}, "总投资（万元）", "invalid_number"),
    ({"已完成投资（万元）": "-3"}, "已完成投资（万元）", "negative"),
    ({"计划开工": "2026-02-30"}, "计划开工", "invalid_date"),
    ({"计划完成": "年底"}, "计划完成", "invalid_date"),
    ({"节点": "立项；设计 2026-05-01"}, "节点", "invalid_milestones"),
    ({"节点": "立项 2026-03-01，设计"}, "节点", "invalid_milestones"),
    ({"节点": "立项 2026-02-30"}, "节点", "invalid_date"),
    ({"项目名称": "桥\x00"}, "项目名称", "bad_text"),
    ({"项目名称": "长" * 2001}, "项目名称", "too_long"),
])
def test_each_bad_cell_is_named_by_row_and_column(cells, column, code):
    body, errors = _parse(_row(**cells))
    assert [(e["row"], e["column"], e["code"]) for e in errors] == [(5, column, code)]
    assert errors[0]["message"]


def test_every_bad_cell_of_a_row_is_listed_in_column_order():
    _, errors = _parse(_row(批次="首批", 类别="交通", 计划完成="年底"))
    assert [e["column"] for e in errors] == ["批次", "类别", "计划完成"]


def test_the_category_message_lists_the_labels():
    _, errors = _parse(_row(类别="交通"))
    assert "城乡基础设施建设、健康卫生、其他" in errors[0]["message"]


@pytest.mark.parametrize("cell,expected", [
    ("郭老庄", 7), ("龙湖镇郭老庄", 7), ("龙湖镇", 5), (" 龙湖镇 郭老庄 ", 7), ("龙湖镇新村", 8),
])
def test_areas_by_name_or_township_and_name(cell, expected):
    head = HEAD + ["所在区域"]
    body, errors = _parse(_row(**{"所在区域": cell}) + [cell], head)
    assert errors == [] and body["area_id"] == expected


@pytest.mark.parametrize("cell,code", [("新村", "ambiguous_area"), ("西村", "unknown_area")])
def test_an_area_shared_or_unknown_is_a_row_error(cell, code):
    _, errors = _parse(_row() + [cell], HEAD + ["所在区域"])
    assert [(e["column"], e["code"]) for e in errors] == [("所在区域", code)]


@pytest.mark.parametrize("cell,expected", [
    ("未开工", "planned"), ("在建", "in_progress"), ("已开工", "in_progress"),
    ("已完工", "completed"), ("已投用", "in_use"), ("已投入使用", "in_use"),
])
def test_status_words(cell, expected):
    body, errors = _parse(_row() + [cell], HEAD + ["状态"])
    assert errors == [] and body["status"] == expected


@pytest.mark.parametrize("cell,code", [("已销号", "closed_status"), ("差不多了", "invalid_status")])
def test_a_closed_or_unknown_status_is_a_row_error(cell, code):
    _, errors = _parse(_row() + [cell], HEAD + ["状态"])
    assert [e["code"] for e in errors] == [code]


def test_milestones_none_at_all():
    body, errors = _parse(_row(节点="无"))
    assert errors == [] and body["milestones"] == []


def test_a_summary_row_is_not_a_project():
    assert r.is_summary([None, "合计", None, 17660])
    assert r.is_summary(["小 计"])
    assert not r.is_summary([1, "合计改造工程"])


def test_an_exported_row_reads_back_as_the_same_project():
    values = {"seq": 3, "batch": 2, "name": "=西关桥；改建", "category": "城乡基础设施建设",
              "unit": "住建局", "leader": None, "leader_led": True, "total": "17600.00",
              "done": "18000.00", "start": date(2026, 3, 1), "due": date(2027, 6, 30),
              "milestones": [("立项；一期", date(2026, 3, 1), date(2026, 2, 27)),
                             ("竣工验收", date(2027, 6, 30), None)],
              "area": r.place_text("郭老庄", "龙湖镇"), "status": "in_progress", "percent": 40,
              "reason": "设计变更"}
    row = r.export_row(values)
    assert row[:3] == [3, "第二批", "=西关桥；改建"] and row[5] == "是"
    assert row[10] == "立项，一期 2026-03-01（已完成 2026-02-27）；\n竣工验收 2027-06-30"
    body, errors = r.parse_row(9, row, r.find_header([(1, [h for _, h in r.LAYOUT])]), LOOKUPS)
    assert errors == []
    assert body == {
        "name": "=西关桥；改建", "batch": 2, "category": "infrastructure", "unit_id": 1,
        "leader_led": True, "leader": None, "investment_total_wan": "17600.00",
        "investment_done_wan": "18000.00", "start": "2026-03-01", "due": "2027-06-30",
        "milestones": [{"name": "立项，一期", "due": "2026-03-01", "done_on": "2026-02-27"},
                       {"name": "竣工验收", "due": "2027-06-30"}],
        "area_id": 7, "status": "in_progress", "percent": 40, "over_budget_reason": "设计变更"}


def test_an_exported_project_without_milestones_reads_back_without_them():
    assert r.milestones_text([]) == "无" and r.read_milestones("无") == []
    assert r.leader_text("市长", False) is None and r.leader_text("市长", True) == "市长"
