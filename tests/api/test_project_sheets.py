"""The 民生实事台账 imported from the office's own sheet over HTTP (the export and the
round trip are in test_project_export.py).

Good sheets (XLSX below a title row, CSV in GB18030, UTF-8 with and without a BOM,
tab-separated UTF-16), every kind of bad row named by the sheet's row and column with
nothing stored, hostile files refused with a clear 4xx, and who may import.
"""

from datetime import date, datetime

import pytest

from tests.api.project_sheet_data import (
    HEAD,
    URL,
    csv_bytes,
    entity_bomb,
    formula_xlsx,
    later,
    multipart,
    one_project_csv,
    post,
    projects,
    with_part,
    xlsx_bytes,
    zip_bomb,
)

DUE = later(400)


def good_rows(org_due=DUE):
    """Three projects of the background text as an office types them."""
    return [
        HEAD[:6] + ["总投资(万元)", "已完成投资(万元)"] + HEAD[8:],
        [1, "第一批", "西关桥改建工程", "城乡基础设施建设", "住建局", "王市长", 17600, "12,200",
         datetime(2021, 3, 1), org_due, "立项 2021-03-01（已完成 2021-02-26）；主体完工 "
         f"{later(200).isoformat()}；竣工验收 {org_due.isoformat()}"],
        [2, 2, "市公立中医院", "健康卫生", "城管局", None, 40575.06, None, None,
         org_due.strftime("%Y年%-m月%-d日"), None],
        [3, "第三批", "东街社区日间照料中心", "健康卫生", "城管局", "是", "60万元", "0",
         "2026/1/5", org_due.strftime("%Y/%-m/%-d"), ""],
    ]


def _check_good(client, auth, org, resp):
    """The three good projects are stored as the sheet says."""
    assert resp.status_code == 201, resp.get_json()
    body = resp.get_json()
    assert body["imported"] == 3 and len(body["projects"]) == 3
    got = {p["name"]: p for p in projects(client, auth)}
    assert [got[n]["id"] for n in ("西关桥改建工程", "市公立中医院", "东街社区日间照料中心")] \
        == body["projects"]
    bridge, hospital, centre = (got[n] for n in ("西关桥改建工程", "市公立中医院",
                                                 "东街社区日间照料中心"))
    assert (bridge["batch"], bridge["category"], bridge["unit_id"]) == (
        1, "infrastructure", org.units["住建局"])
    assert (bridge["leader"], bridge["leader_led"]) == ("王市长", True)
    assert (bridge["investment_total_wan"], bridge["investment_done_wan"]) == (17600, 12200)
    assert (bridge["start"], bridge["due"]) == ("2021-03-01", DUE.isoformat())
    assert [(m["name"], m["due"], m["done_on"]) for m in bridge["milestones"]] == [
        ("立项", "2021-03-01", "2021-02-26"), ("主体完工", later(200).isoformat(), None),
        ("竣工验收", DUE.isoformat(), None)]
    assert (hospital["batch"], hospital["leader_led"], hospital["leader"]) == (2, False, None)
    assert hospital["investment_total_wan"] == 40575.06 and hospital["start"] is None
    assert [m["name"] for m in hospital["milestones"]] == [
        "立项", "设计", "招标", "开工", "主体完工", "竣工验收"], "planned backwards"
    assert (centre["batch"], centre["leader_led"], centre["leader"]) == (3, True, None)
    assert centre["start"] == "2026-01-05" and len(centre["milestones"]) == 6
    assert all(p["status"] == "planned" for p in got.values())


def test_a_good_workbook_below_a_title_row(client, auth, org):
    data = xlsx_bytes(good_rows(), title="新郑市2021年民生实事台账")
    _check_good(client, auth, org, post(client, auth, data))


@pytest.mark.parametrize("encoding,delimiter", [
    ("gb18030", ","), ("utf-8-sig", ","), ("utf-8", ","), ("utf-16", "\t")])
def test_a_good_csv_in_the_encodings_excel_saves(client, auth, org, encoding, delimiter):
    rows = [[v.strftime("%Y/%-m/%-d") if isinstance(v, date) else v for v in row]
            for row in good_rows()]
    data = csv_bytes(rows, encoding, delimiter)
    if encoding == "gb18030":
        with pytest.raises(UnicodeDecodeError):
            data.decode("utf-8")  # a real GB18030 file, not UTF-8 in disguise
    _check_good(client, auth, org, post(client, auth, data, "台账.csv"))


def test_columns_in_another_order_with_a_summary_row_and_blank_rows(client, auth, org):
    data = xlsx_bytes([["计划完成", "责任单位", "项目名称", "备注", "总投资", "类别"], [],
                       [DUE, "住建局", "城墙口游园", "无", 760, "城乡基础设施建设"], [],
                       [None, None, "合计", None, 760, None]])
    resp = post(client, auth, data)
    assert resp.status_code == 201, resp.get_json()
    assert [p["name"] for p in projects(client, auth)] == ["城墙口游园"]


def test_over_budget_needs_its_reason_in_the_sheet(client, auth, org):
    head = HEAD + ["超支原因"]
    row = [1, 1, "城墙口游园", "城乡基础设施建设", "住建局", "", 760, 800, "", DUE, "",
           "增加夜景照明"]
    assert post(client, auth, xlsx_bytes([head, row])).status_code == 201
    (got,) = projects(client, auth)
    assert got["investment_done_wan"] == 800 and got["over_budget_reason"] == "增加夜景照明"


BAD = [  # (cells changed from a good row, column, code)
    ({"责任单位": "水利局"}, "责任单位", "unknown_unit"),
    ({"类别": "交通出行"}, "类别", "unknown_category"),
    ({"计划完成": "2026-02-30"}, "计划完成", "invalid_date"),
    ({"总投资（万元）": "约一亿"}, "总投资（万元）", "invalid_number"),
    ({"已完成投资（万元）": 800}, "已完成投资（万元）", "over_budget"),
    ({"计划开工": later(500)}, "计划开工", "validation_failed"),
    ({"项目名称": "桥" * 201}, "项目名称", "invalid"),
    ({"项目名称": None}, "项目名称", "required"),
    ({"批次": "第一百批"}, "批次", "invalid_batch"),
    ({"批次": 0}, "批次", "invalid"),
    ({"总投资（万元）": "20000000000"}, "总投资（万元）", "invalid"),
    ({"领办领导": "领" * 61}, "领办领导", "invalid"),
    ({"节点": "立项2026年3月；设计 2026-05-01"}, "节点", "invalid_milestones"),
    ({"节点": "；".join(f"第{n}步 2026-03-01" for n in range(31))}, "节点", "invalid"),
    ({"节点": "节" * 101 + " 2026-03-01"}, "节点", "invalid"),
    ({"完成进度（%）": 150}, "完成进度（%）", "invalid"),
    ({"状态": "已销号"}, "状态", "closed_status"),
    ({"所在区域": "西村"}, "所在区域", "unknown_area"),
]
BAD_HEAD = HEAD + ["状态", "完成进度（%）", "所在区域"]


def _good(**cells):
    """A good row under BAD_HEAD with some cells changed."""
    base = dict(zip(BAD_HEAD, [1, 1, "城墙口游园", "城乡基础设施建设", "住建局", "", 760, 0, "",
                               DUE, "", "未开工", 0, "龙湖镇郭老庄"], strict=True))
    base.update(cells)
    return [base[h] for h in BAD_HEAD]


def test_each_bad_row_is_named_by_its_row_and_column_and_nothing_is_stored(client, auth, org):
    rows = [BAD_HEAD, [], _good()] + [_good(**cells) for cells, _, _ in BAD]
    resp = post(client, auth, xlsx_bytes(rows, title="民生实事台账（第一批）"))
    assert resp.status_code == 422, resp.get_json()
    error = resp.get_json()["error"]
    assert error["code"] == "import_failed" and error["message"]
    got = [(e["row"], e["column"], e["code"]) for e in error["details"]["rows"]]
    # title on row 1, header on 2, a blank row 3, the good row 4, then one bad row each
    assert got == [(n, column, code) for n, (_, column, code) in enumerate(BAD, 5)]
    assert error["details"]["total"] == len(BAD)
    assert all(e["message"] for e in error["details"]["rows"])
    messages = {e["code"]: e["message"] for e in error["details"]["rows"]}
    assert "超支原因" in messages["over_budget"] and "计划开工晚于计划完成" in str(messages)
    assert client.get("/api/v1/projects", headers=auth("office")).get_json()["total"] == 0


def test_the_row_errors_of_a_csv_count_its_lines(client, auth, org):
    data = csv_bytes([HEAD, _good()[:11], [], _good(批次="首批")[:11]], "gb18030")
    err = post(client, auth, data, "台账.csv").get_json()["error"]
    assert [(e["row"], e["column"]) for e in err["details"]["rows"]] == [(4, "批次")]


GOOD_XLSX = xlsx_bytes([HEAD, _good()[:11]])
FORMULA_XLSX = formula_xlsx([HEAD, _good()[:11]], "G2", "=700+60")  # 总投资 as a formula
HOSTILE = [  # (file, status, code, reason)
    (b"PK\x03\x04garbage", 422, "bad_sheet", "not_xlsx"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, 415, "unsupported_media", "xls"),
    (b"\x7fELF\x02\x01\x01\x00" + bytes(range(256)), 415, "unsupported_media", "binary"),
    (b"\xff\xff\xfe\x80\x80 not a sheet", 422, "bad_sheet", "encoding"),
    (b"   \r\n", 422, "bad_sheet", "empty"),
    (xlsx_bytes([]), 422, "bad_sheet", "empty_sheet"),
    (xlsx_bytes([HEAD]), 422, "bad_sheet", "no_rows"),
    (xlsx_bytes([[h for h in HEAD if h != "责任单位"], [1]]), 422, "bad_sheet",
     "missing_columns"),
    (csv_bytes([HEAD + ["项目名称"], [1]]), 422, "bad_sheet", "duplicate_columns"),
    (csv_bytes([HEAD, ["x" * 200_000]]), 422, "bad_sheet", "not_csv"),
    (csv_bytes([HEAD] + [[n] for n in range(5001)]), 422, "bad_sheet", "too_many_rows"),
    (zip_bomb(), 422, "bad_sheet", "zip_too_large"),
    (entity_bomb(GOOD_XLSX), 422, "bad_sheet", "dtd"),
    (with_part(GOOD_XLSX, "xl/worksheets/sheet1.xml", lambda t: t[: len(t) // 2]), 422,
     "bad_sheet", "not_xlsx"),
    (with_part(GOOD_XLSX, "xl/workbook.xml", lambda t: "<nonsense/>"), 422, "bad_sheet",
     "not_xlsx"),
    (FORMULA_XLSX, 422, "bad_sheet", "formulas"),
    (b"x" * (5 * 1024 * 1024 + 1), 413, "too_large", None),
]


@pytest.mark.parametrize("data,status,code,reason", HOSTILE,
                         ids=[h[3] or h[2] for h in HOSTILE])
def test_a_hostile_or_broken_file_is_a_clear_4xx(client, auth, org, data, status, code,
                                                 reason):
    resp = post(client, auth, data)
    assert resp.status_code == status, resp.get_data(as_text=True)[:300]
    error = resp.get_json()["error"]
    assert error["code"] == code and error["message"]
    if reason:
        assert error["details"]["reason"] == reason
    assert client.get("/api/v1/projects", headers=auth("office")).get_json()["total"] == 0


@pytest.mark.parametrize("data", [csv_bytes([HEAD] + [[n] for n in range(5001)]),
                                  xlsx_bytes([HEAD] + [[n] for n in range(5001)]),
                                  csv_bytes([HEAD] + [[n] for n in range(8000)])])
def test_more_than_5000_rows_are_refused(client, auth, org, data):
    error = post(client, auth, data).get_json()["error"]
    assert error["details"] == {"reason": "too_many_rows", "max_rows": 5000}
    assert "5000" in error["message"]


def test_the_formula_message_names_the_cells(client, auth, org):
    error = post(client, auth, FORMULA_XLSX).get_json()["error"]
    assert error["details"]["cells"] == ["G2"] and "G2" in error["message"]


def test_the_file_is_a_form_field_named_file(client, auth, org):
    resp = client.post(URL, headers=auth("office"), **multipart(one_project_csv(), field="f"))
    assert resp.status_code == 422 and resp.get_json()["error"]["code"] == "validation_failed"
    resp = client.post(URL, headers=auth("office"), data=one_project_csv(),
                       content_type="text/csv")
    assert resp.status_code == 422


def test_only_the_office_imports(client, auth, org):
    assert client.post(URL, **multipart(one_project_csv())).status_code == 401
    for user in ("handler", "supervisor", "admin", "cadre"):
        resp = client.post(URL, headers=auth(user), **multipart(one_project_csv()))
        assert resp.status_code == 403, user
    assert post(client, auth, one_project_csv(), "a.csv").status_code == 201
