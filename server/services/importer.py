"""Import areas and cadre–area assignments from an XLSX or CSV sheet, all or nothing.

Every row is checked first; if any row is wrong, nothing is written and the answer
lists each bad row with its field and reason, in the sheet's own row numbers.
"""

import csv
import io
import zipfile

from openpyxl import load_workbook
from sqlalchemy import select

from server.extensions import db
from server.models import Area, Assignment, User
from sync.errors import DomainError
from sync.hostile import bad_text

KIND_NAMES = {"乡镇": "township", "街道": "township", "村": "village", "社区": "community",
              "路段": "road", "企业": "enterprise", "项目": "project", "工作": "work"}
AREA_COLUMNS = ("名称", "类型", "所属乡镇", "纬度", "经度", "半径米")
ASSIGNMENT_COLUMNS = ("用户名", "区域", "所属乡镇")
MAX_ROWS = 5000


def read_sheet(data: bytes) -> list[dict]:
    """Rows of an XLSX (first sheet) or CSV (UTF-8 or GB18030) as header -> text."""
    if data[:4] == b"PK\x03\x04":
        try:
            sheet = load_workbook(io.BytesIO(data), read_only=True, data_only=True).active
            rows = [["" if v is None else str(v).strip() for v in r]
                    for r in sheet.iter_rows(values_only=True)]
        except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
            raise DomainError("bad_sheet", "not a readable XLSX file") from exc
    else:
        for encoding in ("utf-8-sig", "gb18030"):
            try:
                text = data.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
        else:
            raise DomainError("bad_sheet", "unknown text encoding")
        try:
            rows = [[c.strip() for c in r] for r in csv.reader(io.StringIO(text))]
        except csv.Error as exc:  # a NUL byte, among others
            raise DomainError("bad_sheet", "not a readable CSV file") from exc
    rows = [r for r in rows if any(r)]
    if not rows or len(rows) > MAX_ROWS + 1:
        raise DomainError("bad_sheet", "empty sheet or too many rows", {"max_rows": MAX_ROWS})
    _refuse_bad_text(rows)
    header = rows[0]
    return [{"_row": n + 2, **dict(zip(header, r, strict=False))} for n, r in enumerate(rows[1:])]


def _refuse_bad_text(rows: list[list[str]]) -> None:
    """Refuse the sheet if a cell holds text no database stores (a NUL, a lone surrogate),
    naming every such cell by its row and column."""
    header = rows[0]
    errors = [{"row": n + 1, "field": header[c] if n and c < len(header) else f"第{c + 1}列",
               "message": "单元格中有无法保存的特殊字符，请删除后重新导入"}
              for n, row in enumerate(rows) for c, cell in enumerate(row) if bad_text(cell)]
    if errors:
        raise DomainError("import_failed", "the sheet has errors", {"errors": errors[:50]})


def _require_columns(rows: list[dict], needed: tuple[str, ...]) -> None:
    """Refuse a sheet that lacks a required column."""
    missing = [c for c in needed if rows and c not in rows[0]]
    if missing:
        raise DomainError("bad_sheet", "missing columns", {"missing": missing})


def _number(value: str, low: float, high: float) -> float | None:
    """A number within bounds, or None."""
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if low <= number <= high else None


def _area_from_row(row: dict, towns: dict, errors: list) -> dict | None:
    """Check one area row; collect its problems."""
    def bad(field, message):
        errors.append({"row": row["_row"], "field": field, "message": message})
    kind = KIND_NAMES.get(row.get("类型", ""), row.get("类型", ""))
    if kind not in KIND_NAMES.values():
        bad("类型", "类型应为：乡镇、村、社区、路段、企业、项目或工作")
    name = row.get("名称", "")
    if not name or len(name) > 100:
        bad("名称", "名称不能为空，且不超过100字")
    lat = _number(row.get("纬度", ""), -90, 90)
    lon = _number(row.get("经度", ""), -180, 180)
    radius = _number(row.get("半径米") or "500", 1, 50_000)
    if kind != "work" and (lat is None or lon is None):
        bad("纬度/经度", "坐标缺失或超出范围（WGS-84 十进制度）")
    if radius is None:
        bad("半径米", "半径应为1到50000之间的数字")
    town = row.get("所属乡镇", "")
    if kind != "township" and town and town not in towns:
        bad("所属乡镇", f"找不到乡镇“{town}”")
    return {"name": name, "kind": kind, "town": town, "lat": lat, "lon": lon,
            "radius_m": radius}


def import_areas(data: bytes) -> int:
    """Create the areas of a sheet; returns how many."""
    rows = read_sheet(data)
    _require_columns(rows, AREA_COLUMNS[:2])
    towns = {a.name: a for a in db.session.execute(
        select(Area).where(Area.kind == "township")).scalars()}
    new_towns = {r.get("名称") for r in rows if KIND_NAMES.get(r.get("类型")) == "township"}
    errors: list = []
    parsed = [_area_from_row(r, {**towns, **dict.fromkeys(new_towns)}, errors) for r in rows]
    if errors:
        raise DomainError("import_failed", "the sheet has errors", {"errors": errors})
    for p in sorted(parsed, key=lambda p: p["kind"] != "township"):
        area = Area(name=p["name"], kind=p["kind"], lat=p["lat"], lon=p["lon"],
                    radius_m=p["radius_m"],
                    township_id=towns[p["town"]].id if p["town"] in towns else None)
        db.session.add(area)
        db.session.flush()
        if area.kind == "township":
            towns[area.name] = area
    return len(parsed)


def import_assignments(data: bytes) -> int:
    """Assign cadres to areas from a sheet; returns how many new assignments."""
    rows = read_sheet(data)
    _require_columns(rows, ASSIGNMENT_COLUMNS[:2])
    users = {u.username: u for u in db.session.execute(select(User)).scalars()}
    areas = list(db.session.execute(select(Area)).scalars())
    towns = {a.id: a.name for a in areas if a.kind == "township"}
    errors, pairs = [], []
    for row in rows:
        user = users.get(row.get("用户名", ""))
        found = [a for a in areas if a.name == row.get("区域") and (
            not row.get("所属乡镇") or towns.get(a.township_id) == row.get("所属乡镇"))]
        if user is None:
            errors.append({"row": row["_row"], "field": "用户名", "message": "找不到该用户"})
        if len(found) != 1:
            message = "找不到该区域" if not found else "区域重名，请填写所属乡镇"
            errors.append({"row": row["_row"], "field": "区域", "message": message})
        if user is not None and len(found) == 1:
            pairs.append((user.id, found[0].id))
    if errors:
        raise DomainError("import_failed", "the sheet has errors", {"errors": errors})
    existing = set(db.session.execute(select(Assignment.user_id, Assignment.area_id)).all())
    new = [p for p in dict.fromkeys(pairs) if p not in existing]
    db.session.add_all(Assignment(user_id=u, area_id=a) for u, a in new)
    return len(new)
