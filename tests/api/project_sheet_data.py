"""Sheets an office would upload to `POST /api/v1/projects/import`, and hostile ones.

Shared by the import/export tests, the permission scenarios and the print check: a
workbook or CSV from rows, a multipart body that can be sent many times over, and files
made to hurt (a zip bomb, a DTD with entities, formulas).
"""

import csv
import io
import uuid
import zipfile
from datetime import date, timedelta

from openpyxl import Workbook

URL = "/api/v1/projects/import"
EXPORT = "/api/v1/projects/export"
HEAD = ["序号", "批次", "项目名称", "类别", "责任单位", "领办领导", "总投资（万元）",
        "已完成投资（万元）", "计划开工", "计划完成", "节点"]


def later(days: int) -> date:
    """A day `days` from today."""
    return date.today() + timedelta(days=days)


def xlsx_bytes(rows: list[list], title: str | None = None) -> bytes:
    """A workbook whose first sheet holds `rows` (below a title row when given)."""
    wb = Workbook()
    ws = wb.active
    if title:
        ws.append([title])
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def csv_bytes(rows: list[list], encoding: str = "utf-8-sig", delimiter: str = ",") -> bytes:
    """A CSV of `rows` in the given encoding (utf-8-sig: with a BOM), CRLF like Excel."""
    buf = io.StringIO()
    csv.writer(buf, delimiter=delimiter, lineterminator="\r\n").writerows(
        [["" if v is None else v for v in row] for row in rows])
    return buf.getvalue().encode(encoding)


def multipart(data: bytes, filename: str = "sheet.xlsx", field: str = "file") -> dict:
    """Test-client arguments posting `data` as a form's file field; bytes, so the same
    arguments can be sent again (a file object would be read empty the second time)."""
    boundary = f"zl{uuid.uuid4().hex}"
    head = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"{field}\"; "
            f"filename=\"{filename}\"\r\nContent-Type: application/octet-stream\r\n\r\n")
    body = head.encode() + data + f"\r\n--{boundary}--\r\n".encode()
    return {"data": body, "content_type": f"multipart/form-data; boundary={boundary}"}


def post(client, auth, data: bytes, filename: str = "台账.xlsx", user: str = "office"):
    """Upload a sheet as `user`."""
    return client.post(URL, headers=auth(user), **multipart(data, filename))


def projects(client, auth) -> list[dict]:
    """Every project, in detail, as the office sees them."""
    rows = client.get("/api/v1/projects", query_string={"per_page": 200},
                      headers=auth("office")).get_json()["projects"]
    return [client.get(f"/api/v1/projects/{p['id']}", headers=auth("office")).get_json()
            for p in rows]


def formula_xlsx(rows: list[list], cell: str, formula: str) -> bytes:
    """A workbook of `rows` with a formula in one cell."""
    wb = Workbook()
    ws = wb.active
    for row in rows:
        ws.append(row)
    ws[cell] = formula
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def one_project_csv(name: str = "城墙口游园") -> bytes:
    """A CSV of one good project of 住建局."""
    return csv_bytes([HEAD, [1, "第一批", name, "城乡基础设施建设", "住建局", "", "760", "",
                             "", later(300).isoformat(), ""]])


def zip_bomb() -> bytes:
    """An XLSX-looking zip under 100 KB whose sheet unpacks to 80 MB of spaces."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        with zf.open("xl/worksheets/sheet1.xml", "w") as f:
            chunk = b" " * (1024 * 1024)
            for _ in range(80):
                f.write(chunk)
    return out.getvalue()


def with_part(xlsx: bytes, name: str, replace) -> bytes:
    """A copy of a workbook with one part's text changed by `replace(text) -> text`."""
    src = zipfile.ZipFile(io.BytesIO(xlsx))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == name:
                data = replace(data.decode("utf-8")).encode("utf-8")
            zf.writestr(info, data)
    return out.getvalue()


def entity_bomb(xlsx: bytes) -> bytes:
    """A workbook whose sheet declares and uses a billion-laughs entity."""
    entities = ['<!ENTITY l0 "lol">'] + [f'<!ENTITY l{n} "{f"&l{n - 1};" * 10}">'
                                         for n in range(1, 10)]
    dtd = f"<!DOCTYPE worksheet [{''.join(entities)}]>"
    return with_part(xlsx, "xl/worksheets/sheet1.xml",
                     lambda t: dtd + t.replace("<t>", "<t>&l9;", 1))
