"""民生实事台账 in the console: the list of the demo's projects with its progress bars,
investment and late marks, each filter against the API's own answer, the export of the
filters shown, and the office's sheet import — a sheet with bad rows comes back row by row
and imports nothing, the corrected sheet imports all of it."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from urllib.parse import urlencode

from openpyxl import load_workbook
from playwright.sync_api import expect

from tests.console.data import tag
from tests.console.helpers import goto, login

HEADER = ("序号,批次,项目名称,类别,责任单位,领办领导,总投资（万元）,已完成投资（万元）,"
          "计划开工,计划完成,节点\n")


def _names(seed, **query) -> list[str]:
    """The project names the API lists for a query, in its order."""
    found = seed.call("GET", f"/api/v1/projects?{urlencode({'per_page': 200, **query})}")
    return [p["name"] for p in found["projects"]]


def _shown(page) -> list[str]:
    return page.locator(".projects table.data tbody a.project-name").all_inner_texts()


def test_list_filters_and_export(page, console_live, seed, tmp_path: Path):
    login(page, console_live, "office")
    page.click(".nav a[data-screen=projects]")
    expect(page.locator(".projects h2")).to_have_text("民生实事台账")
    everything = seed.call("GET", "/api/v1/projects?per_page=50")
    expect(page.locator("#projects-total")).to_have_text(f"共 {everything['total']} 个项目")
    assert _shown(page) == [p["name"] for p in everything["projects"]]

    bridge = next(p for p in everything["projects"] if p["name"] == "西关桥新建工程")
    row = page.locator(f"tr[data-id='{bridge['id']}']")
    expect(row.locator("progress")).to_have_attribute("value", "73")
    expect(row.locator(".progress-text")).to_have_text("73%")
    expect(row.locator(".investment")).to_have_text("12,200 / 17,600 万元（69.3%）")
    expect(row.locator("[data-leader-led]")).to_have_text("领导领办")
    expect(row.locator("[data-late]")).to_have_text(f"节点滞后 {bridge['late_milestones']} 个")
    expect(row.locator(".pst-in_progress")).to_have_text("在建")
    expect(row.locator("td").first).to_have_text("第一批")

    page.check("#pf-late")
    page.click("#pf-submit")
    expect(page.locator("#projects-total")).to_have_text(
        f"共 {len(_names(seed, late='true'))} 个项目")
    assert _shown(page) == _names(seed, late="true") and _shown(page)
    assert page.locator(".projects tbody tr").count() == page.locator(
        ".projects tbody [data-late]").count()
    assert "late=true" in page.evaluate("location.hash")

    page.uncheck("#pf-late")
    page.select_option("#pf-unit", label="住建局")
    page.select_option("#pf-batch", label="第一批")
    page.check("#pf-leader")
    page.click("#pf-submit")
    unit = seed.unit_id("住建局")
    wanted = _names(seed, unit_id=unit, batch=1, leader_led="true")
    expect(page.locator("#projects-total")).to_have_text(f"共 {len(wanted)} 个项目")
    assert _shown(page) == wanted and "西关桥新建工程" in wanted

    goto(page, "#/projects")
    page.select_option("#pf-category", label="健康卫生")
    page.locator("#project-filters input[name=status][value=in_progress]").check()
    page.fill("#pf-q", "中医院")
    page.click("#pf-submit")
    expect(page.locator("#projects-total")).to_have_text("共 1 个项目")
    assert _shown(page) == _names(seed, category="health", status="in_progress", q="中医院")
    assert _shown(page) == ["新郑市公立中医院建设项目（二级中医医院，床位299张）"]
    assert page.locator("#pf-q").input_value() == "中医院", "the filters stay in the form"

    with page.expect_download() as got:
        page.click("#project-export-xlsx")
    assert got.value.suggested_filename.startswith("民生实事项目_")
    book = load_workbook(io.BytesIO(Path(got.value.path()).read_bytes()), read_only=True)
    cells = [c for r in book.active.iter_rows(values_only=True) for c in r if isinstance(c, str)]
    assert "新郑市公立中医院建设项目（二级中医医院，床位299张）" in cells
    assert "西关桥新建工程" not in cells, "the export has the filters shown"
    with page.expect_download() as got:
        page.click("#project-export-csv")
    rows = list(csv.reader(io.StringIO(Path(got.value.path()).read_text(encoding="utf-8-sig"))))
    assert any("新郑市公立中医院建设项目（二级中医医院，床位299张）" in r for r in rows)

    page.locator("a.project-name").first.click()
    expect(page.locator("#project-name")).to_have_text(
        "新郑市公立中医院建设项目（二级中医医院，床位299张）")
    expect(page.locator(".nav a[aria-current=page]")).to_have_attribute("data-screen", "projects")
    page.click("#project-back")
    expect(page.locator("#pf-q")).to_have_value("中医院")


def test_a_sheet_with_bad_rows_imports_nothing_and_says_where(page, console_live, seed,
                                                             tmp_path: Path):
    t = tag()
    bad = tmp_path / "bad.csv"
    bad.write_text(HEADER
                   + f"1,第一批,梨河镇敬老院改造{t},健康卫生,卫健委,,320,0,2026-03-01,2026-10-31,\n"
                   + f"2,第一批,孟庄镇文化广场{t},文体设施,文化广电和旅游局,,150,0,,2026-09-30,\n"
                   + f"3,第二批,和庄镇供水管网{t},城乡基础设施建设,不存在局,,90,0,,2026-13-40,\n",
                   encoding="gb18030")
    login(page, console_live, "office")
    goto(page, "#/projects")
    page.click("#project-import-box summary")
    page.set_input_files("#project-import-file", str(bad))
    page.click("#project-import button[type=submit]")
    report = page.locator("#project-import-errors")
    expect(report).to_contain_text("未导入任何数据")
    rows = [r.locator("td").all_inner_texts() for r in report.locator("tbody tr").all()]
    assert [r[:2] for r in rows] == [["3", "类别"], ["4", "责任单位"], ["4", "计划完成"]], rows
    assert "类别应填写" in rows[0][2] and "不存在局" in rows[1][2]
    expect(report.locator("p").first).to_have_text(
        "表格中有 3 处错误，未导入任何数据。请按下表修改后重新导入：")
    assert _names(seed, q=t) == [], "nothing of a bad sheet is imported"

    good = tmp_path / "good.csv"
    good.write_text(HEADER
                    + f"1,第一批,梨河镇敬老院改造{t},健康卫生,卫健委,副市长,320,0,"
                      "2026-03-01,2026-10-31,\n"
                    + f"2,第一批,孟庄镇文化广场{t},文化旅游,文化广电和旅游局,,150,0,,2026-09-30,"
                      "立项 2026-01-15；施工 2026-06-30\n", encoding="utf-8-sig")
    page.set_input_files("#project-import-file", str(good))
    page.click("#project-import button[type=submit]")
    expect(page.locator("#project-import-ok")).to_have_text("导入成功：新增 2 个项目")
    assert _names(seed, q=t) == [f"梨河镇敬老院改造{t}", f"孟庄镇文化广场{t}"]
    page.fill("#pf-q", t)
    page.click("#pf-submit")
    expect(page.locator(".projects tbody tr")).to_have_count(2)
    expect(page.locator(".projects tbody tr").first.locator("[data-leader-led]")).to_be_visible()

    page.click("#project-import-box summary")  # a new search starts with the import folded
    with page.expect_download() as got:
        page.click("#project-template")
    assert got.value.suggested_filename == "民生实事台账导入模板.csv"
    assert Path(got.value.path()).read_bytes().startswith("\ufeff序号,批次,项目名称".encode())


def test_an_unreadable_sheet_says_why(page, console_live, tmp_path: Path):
    broken = tmp_path / "broken.csv"
    broken.write_text("名称,金额\n甲,1\n", encoding="utf-8")
    login(page, console_live, "office")
    goto(page, "#/projects")
    page.click("#project-import-box summary")
    page.set_input_files("#project-import-file", str(broken))
    page.click("#project-import button[type=submit]")
    expect(page.locator("#project-import-errors")).to_contain_text("表格缺少必填列")
    expect(page.locator("#project-import-errors tbody tr")).to_have_count(0)


def test_readers_and_handlers_see_no_import(page, console_live, seed):
    login(page, console_live, "handler")
    goto(page, "#/projects")
    expect(page.locator(".projects .chip", has_text="只读")).to_be_visible()
    expect(page.locator("#project-import-box")).to_have_count(0)
    unit = seed.call("GET", "/api/v1/me", user="handler")["user"]["unit_id"]
    mine = seed.call("GET", "/api/v1/projects?per_page=200", user="handler")["projects"]
    assert mine and {p["unit_id"] for p in mine} == {unit}
    expect(page.locator(".projects tbody tr")).to_have_count(len(mine))
