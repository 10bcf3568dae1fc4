"""The error catalogue and the one error shape every 4xx answer uses.

Each code has an HTTP status and a Chinese message for the people who see it.
Domain errors from `sync/`, HTTP errors from Werkzeug and validation errors from
flask-smorest all leave the server as
`{"error": {"code": ..., "message": ..., "details": {...}}}`.
"""

import logging

from flask import jsonify
from werkzeug.exceptions import HTTPException

from sync import hostile
from sync.errors import DomainError

log = logging.getLogger(__name__)

# code -> (HTTP status, message shown to people)
CATALOGUE: dict[str, tuple[int, str]] = {
    "bad_request": (400, "请求格式不正确"),
    "malformed_json": (400, "请求内容不是有效的 JSON"),
    "hash_mismatch": (400, "照片内容与校验值不一致，请重新上传"),
    "unauthorized": (401, "请先登录"),
    "invalid_credentials": (401, "用户名或密码错误"),
    "forbidden": (403, "您没有权限进行此操作"),
    "not_found": (404, "没有找到该记录"),
    "unknown_action": (404, "不支持的操作"),
    "method_not_allowed": (405, "不支持的请求方式"),
    "invalid_transition": (409, "当前状态下不能进行此操作"),
    "conflict": (409, "记录已被他人修改，请刷新后重试"),
    "offset_mismatch": (409, "上传位置不一致，请从服务器记录的位置继续"),
    "last_admin": (409, "至少需要保留一名可用的系统管理员"),
    "not_sampled": (409, "该问题不在本周抽查之列"),
    "not_public": (409, "该问题尚未公开（未受理或已设为不公开）"),
    "already_drawn": (409, "本周已抽取过，不能重复抽取"),
    "already_escalated": (409, "该问题已纳入民生实事台账，不能重复纳入"),
    "percent_decreased": (409, "完成进度不能低于上次填报的进度"),
    "investment_decreased": (409, "已完成投资不能低于上次填报的数额"),
    "too_large": (413, "内容过大"),
    "uri_too_long": (414, "请求地址过长"),
    "headers_too_large": (431, "请求头过大"),
    "too_many_mutations": (413, "一次同步的记录过多"),
    "unsupported_media": (415, "不支持的文件格式"),
    "validation_failed": (422, "填写的内容不完整或格式不正确"),
    "bad_image": (422, "图片已损坏或无法识别"),
    "unknown_mutation_type": (422, "不支持的记录类型，请更新应用"),
    "reason_required": (422, "请填写理由"),
    "photos_required": (422, "请上传现场照片"),
    "over_budget": (422, "已完成投资超过总投资，请填写超出原因"),
    "photos_missing": (422, "照片尚未上传完成"),
    "too_far": (422, "距离问题位置过远，请到现场验收"),
    "bad_period": (422, "统计周期格式不正确"),
    "pdf_unavailable": (422, "服务器未安装生成 PDF 所需的组件，请在浏览器中打印"),
    "nothing_to_draw": (422, "该周没有可抽查的已销号问题"),
    "future_period": (422, "统计周期尚未开始"),
    "invalid_merge": (422, "不能合并这两条台账"),
    "invalid_split": (422, "不能拆分这条上报"),
    "bad_sheet": (422, "表格无法读取，请使用 XLSX 或 CSV 文件并保留表头"),
    "import_failed": (422, "表格中有错误，未导入任何数据，请按提示修改后重新导入"),
    "user_disabled": (403, "账号已停用"),
    "too_many_attempts": (429, "登录失败次数过多，请稍后再试"),
    "too_many_feedback": (429, "评价过于频繁，请稍后再试"),
    # The database stayed locked through every retry: nothing was stored, send it again
    # after Retry-After (a 4xx the phone retries, like any 429, never a 5xx).
    "busy": (429, "服务器繁忙，请稍后重试"),
    "internal_error": (500, "服务器内部错误"),
}

_HTTP_CODES = {400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found",
               405: "method_not_allowed", 409: "conflict", 413: "too_large",
               414: "uri_too_long", 431: "headers_too_large",
               415: "unsupported_media", 422: "validation_failed", 429: "too_many_attempts"}


class ApiError(Exception):
    """An error raised in the server layer, named by a catalogue code."""

    def __init__(self, code: str, details: dict | None = None, message: str | None = None,
                 headers: dict | None = None):
        super().__init__(code)
        self.code = code
        self.details = details or {}
        self.message = message
        self.headers = headers or {}


def status_of(code: str) -> int:
    """The HTTP status for a catalogue code."""
    return CATALOGUE.get(code, (400, ""))[0]


def error_body(code: str, details: dict | None = None, message: str | None = None) -> dict:
    """The one error shape, with the catalogue's message unless one is given; details are
    scrubbed, since they may quote what was sent (an unknown key with a NUL in it)."""
    return {"error": {"code": code, "message": message or CATALOGUE.get(code, (0, code))[1],
                      "details": hostile.scrub(details or {})}}


def error_response(code: str, details: dict | None = None, message: str | None = None,
                   headers: dict | None = None):
    """A Flask response in the error shape."""
    resp = jsonify(error_body(code, details, message))
    resp.status_code = status_of(code)
    for key, value in (headers or {}).items():
        resp.headers[key] = value
    return resp


def http_exception_response(exc: HTTPException):
    """Turn a Werkzeug or flask-smorest HTTP error into the error shape."""
    status = exc.code or 500
    code = _HTTP_CODES.get(status, "bad_request" if status < 500 else "internal_error")
    details = {}
    data = getattr(exc, "data", None) or {}
    if "messages" in data:
        details["fields"] = data["messages"]
    elif "errors" in data:
        details["fields"] = data["errors"]
    if status == 400 and "JSON" in (exc.description or ""):
        code = "malformed_json"
    return error_response(code, details)


def register(app) -> None:
    """Attach the handlers that give every error the same shape."""

    @app.errorhandler(ApiError)
    def _api_error(exc: ApiError):
        return error_response(exc.code, exc.details, exc.message, exc.headers)

    @app.errorhandler(DomainError)
    def _domain_error(exc: DomainError):
        code = exc.code if exc.code in CATALOGUE else "validation_failed"
        return error_response(code, exc.details)

    @app.errorhandler(HTTPException)
    def _http_error(exc: HTTPException):
        return http_exception_response(exc)

    @app.errorhandler(Exception)
    def _unexpected(exc: Exception):
        log.exception("unhandled error")
        return error_response("internal_error")
