"""系统管理 in the browser: units, areas and users with roles and assigned areas, and
the sheet imports — a bad sheet comes back row by row and nothing of it is imported."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from playwright.sync_api import expect

from tests.console.data import tag
from tests.console.helpers import goto, login


def _areas(seed) -> list[dict]:
    return seed.call("GET", "/api/v1/admin/areas", user="admin")


def test_units_areas_and_users(page, console_live, seed):
    t = tag()
    login(page, console_live, "admin")
    goto(page, "#/admin/units")
    page.click("#units-add")
    page.fill("#unit-form input[name=name]", f"应急管理局{t}")
    page.click("#unit-form button[type=submit]")
    expect(page.locator("table.data")).to_contain_text(f"应急管理局{t}")
    unit = next(u for u in seed.call("GET", "/api/v1/admin/units", user="admin")
                if u["name"] == f"应急管理局{t}")

    goto(page, "#/admin/areas")
    page.click("#areas-add")
    form = page.locator("#area-form")
    form.locator("input[name=name]").fill(f"新华村{t}")
    form.locator("select[name=kind]").select_option("village")
    form.locator("select[name=township_id]").select_option(label="梨河镇")
    form.locator("input[name=lat]").fill("34.3512")
    form.locator("input[name=lon]").fill("113.8123")
    form.locator("input[name=radius_m]").fill("700")
    form.locator("button[type=submit]").click()
    expect(page.locator("table.data")).to_contain_text(f"新华村{t}")
    area = next(a for a in _areas(seed) if a["name"] == f"新华村{t}")
    assert (area["lat"], area["lon"], area["radius_m"]) == (34.3512, 113.8123, 700)
    assert area["kind"] == "village"

    goto(page, "#/admin/users")
    page.click("#user-add")
    form = page.locator("#user-form")
    form.locator("input[name=username]").fill(f"yj{t.lower()}")
    form.locator("input[name=name]").fill("赵应急")
    form.locator("input[name=password]").fill("changeme-123")
    form.locator("input[name=roles][value=handler]").check()
    form.locator("select[name=unit_id]").select_option(str(unit["id"]))
    form.locator("select[name=area_ids]").select_option([str(area["id"])])
    form.locator("button[type=submit]").click()
    expect(page.locator(".toast.ok").last).to_have_text("已创建")
    user = next(u for u in seed.call("GET", "/api/v1/admin/users", user="admin")
                if u["username"] == f"yj{t.lower()}")
    assert (user["roles"], user["unit_id"]) == (["handler"], unit["id"])
    assert user["area_ids"] == [area["id"]]

    # edit: disable the user; a handler without a unit is refused with the server's reason
    page.locator(f"button[data-edit='yj{t.lower()}']").click()
    form = page.locator("#user-form")
    form.locator("input[name=active]").uncheck()
    form.locator("select[name=unit_id]").select_option("")
    form.locator("button[type=submit]").click()
    expect(form.locator(".error")).to_contain_text("所属单位")
    form.locator("select[name=unit_id]").select_option(str(unit["id"]))
    form.locator("button[type=submit]").click()
    expect(page.locator(".toast.ok").last).to_have_text("已保存")
    assert next(u for u in seed.call("GET", "/api/v1/admin/users", user="admin")
                if u["id"] == user["id"])["active"] is False


def test_a_bad_sheet_is_reported_row_by_row_and_nothing_is_imported(page, console_live, seed,
                                                                     tmp_path: Path):
    t = tag()
    bad = tmp_path / "areas.csv"
    bad.write_text("名称,类型,所属乡镇,纬度,经度,半径米\n"
                   f"甲村{t},村,梨河镇,34.35,113.81,600\n"
                   f"乙村{t},小区,梨河镇,34.36,113.82,600\n"
                   f"丙村{t},村,不存在镇,95,113.83,600\n", encoding="utf-8-sig")
    before = len(_areas(seed))
    login(page, console_live, "admin")
    goto(page, "#/admin/import")
    page.set_input_files("#import-areas-file", str(bad))
    page.locator("#import-areas button[type=submit]").click()
    report = page.locator("#import-areas .import-errors")
    expect(report).to_contain_text("未导入任何数据")
    rows = report.locator("tbody tr")
    expect(rows).to_have_count(3)
    cells = [r.locator("td").all_inner_texts() for r in rows.all()]
    assert [c[:2] for c in cells] == [["3", "类型"], ["4", "纬度/经度"], ["4", "所属乡镇"]], cells
    assert len(_areas(seed)) == before

    good = tmp_path / "areas.xlsx"
    book = Workbook()
    book.active.append(["名称", "类型", "所属乡镇", "纬度", "经度", "半径米"])
    book.active.append([f"甲村{t}", "村", "梨河镇", 34.35, 113.81, 600])
    book.active.append([f"丁路{t}", "路段", "梨河镇", 34.355, 113.815, 900])
    book.save(good)
    page.set_input_files("#import-areas-file", str(good))
    page.locator("#import-areas button[type=submit]").click()
    expect(page.locator("#import-areas .ok-box")).to_have_text("导入成功：新增 2 条")
    assert len(_areas(seed)) == before + 2

    sheet = tmp_path / "assignments.csv"
    sheet.write_text(f"用户名,区域,所属乡镇\ncadre,甲村{t},梨河镇\nnobody{t},丁路{t},梨河镇\n",
                     encoding="utf-8")
    page.set_input_files("#import-assignments-file", str(sheet))
    page.locator("#import-assignments button[type=submit]").click()
    errors = page.locator("#import-assignments .import-errors tbody tr")
    expect(errors).to_have_count(1)
    assert errors.locator("td").all_inner_texts() == ["3", "用户名", "找不到该用户"]
    cadre = next(u for u in seed.call("GET", "/api/v1/admin/users", user="admin")
                 if u["username"] == "cadre")
    assert not {a["id"] for a in _areas(seed) if a["name"] == f"甲村{t}"} & set(cadre["area_ids"])

    with page.expect_download() as got:
        page.locator("#import-areas button", has_text="下载模板").click()
    assert Path(got.value.path()).read_bytes().startswith("\ufeff名称,类型".encode())
