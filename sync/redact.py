"""Redaction of personal data for publication (公开): the public copy of a report text.

DESIGN, "Publication (公开) and privacy": phone numbers in every common form, ID card
numbers, licence plates, e-mail and WeChat ids, room and household numbers and the names of
residents are replaced by ＊, one ＊ for each character, so positions line up with the
original. `redact(text)` returns the public text and the spans (over the original) with
their kind. Pure: no Flask, no database; the name words are data in sync/lexicon.

The text is read through a shadow of the same length: full-width forms folded (１３８ -> 138,
＠ -> @, （ -> (), Chinese digits as digits (一三八, 幺三八 -> 138; for numbers only where two
stand together, so 333一直 stays a number and a word; 洞 and 拐 as 0 and 7 in a phone read
out: 幺三八洞洞拐拐…). Rules, in order of the code:
- Numbers: digits with up to two spaces, dashes, dots or brackets between them are one
  number, cut into the identifiers it starts with. Personal: a mobile (11 digits from 13-19,
  with +86 / 86 / 0086), a landline with its area code (0371-6234 5678, (0371)62345678),
  an ID card (18 digits or 17 and X with a birth date, 15 old ones), a bank card (16-19),
  with what follows a phone (转801, 分机801, -801); any other 7-12 digits without a dot that
  no unit follows (3000000元, 2026年) and that is no date (2026-11-27), and 5-6 digits after
  电话, 手机, 联系 ... Kept: 110, 12345 and the other service numbers, 400/800 lines, and
  numbers after 工单, 编号, 桩号 ...
- Contacts and plates (sync/redact_contacts.py): 尾号5678, 后四位 5678: a phone's tail;
  身份证, 卡号 before digits: the kind they name; e-mail (also ＠, @qq。com); WeChat ids after
  微信, 微信号, vx, wx, 威信, 加V and wxid_… anywhere; QQ numbers after QQ, 扣扣; licence
  plates (豫A12345, 豫A·D12345, 豫AD 12589, 豫A 1234学, 豫A1234挂, 豫A 123 45, e-bikes'
  郑州A12758, 豫A八K三七Q) and after 车牌, 牌照; 138****5678.
- Households: sync/redact_houses.py (5号楼2单元301 goes, 3号楼前 stays).
- Names: sync/redact_names.py (after 住户, 村民, 联系人 ..., with titles, 某, before and after
  contacts, at a clause start), with the name lexicon of sync/redact_lexicon.py.
Overlapping finds are joined into one span, of the kind of the longest.
"""

import re
import unicodedata
from dataclasses import dataclass

from sync.redact_contacts import HEARD, HEARD_DIGITS, ZH_DIGITS, contact_spans
from sync.redact_houses import house_spans
from sync.redact_lexicon import simplified
from sync.redact_names import name_spans

MASK = "＊"
KINDS = ("phone", "id_card", "plate", "email", "wechat", "qq", "bank_card", "house", "name")


@dataclass(frozen=True)
class Span:
    """A personal datum: text[start:end] of the original, and what it is."""

    start: int
    end: int
    kind: str


@dataclass(frozen=True)
class Redaction:
    """The public text and the spans masked in it."""

    text: str
    spans: tuple[Span, ...]


_ZH_RUN_RE = re.compile(r"[〇零一二两三四五六七八九幺壹贰叁肆伍陆柒捌玖洞拐]{2,}"
                        r"|(?<=\d)[〇零一二两三四五六七八九幺壹贰叁肆伍陆柒捌玖洞拐](?=\d)")
_WORD_TWO_RE = re.compile(r"两(?=[家户个间人栋位口套处])")
_LONE_ZH_RE = re.compile(r"(?<=\d)[〇零一二两三四五六七八九幺](?![\d〇零一二两三四五六七八九幺])")
_LETTER_DIGIT_RE = re.compile(r"(?<=\d)[OolIB](?=\d)|(?<![A-Za-z\d])[lI](?=\d{2})")  # 15O37, l5937
_LETTER_DIGITS = str.maketrans("OolIB", "00118")
_KEYCAP = str.maketrans("\ufe0f\u20e3", "  ")
# A phone number as speech-to-text writes it (衣散吧 散期衣留 儿无似吧: 138 3716 2548): only
# a run of eight or more such characters, so 吧 and 期 stay words everywhere else.
_HEARD_CHAR = f"[{HEARD}〇零一二两三四五六七八九幺]"
_HEARD_RUN_RE = re.compile(rf"{_HEARD_CHAR}(?: ?{_HEARD_CHAR}){{7,}}")
_READ_DIGITS = str.maketrans("洞拐", "07")   # 幺三八洞洞拐拐: as a phone is read out
_SERVICE = frozenset({"110", "119", "120", "122", "12345", "12315", "12319", "12320", "12328",
                      "12333", "12336", "12338", "12348", "12350", "12356", "12358", "12365",
                      "12366", "12369", "12380", "12388", "96110", "95598", "95588", "10086",
                      "10010", "10000", "114", "12306", "12321", "12123", "12329", "12355",
                      "12110", "12121", "12395", "96777"})
_RUN_RE = re.compile(r"(?<![\d])\d(?:(?:[ \-.·—–‐‑()/_～~|]{0,2}| [-–—‐‑] )\d)*"
                     r"(?:[Xx](?![A-Za-z]))?")
_SPLIT_MOBILE_RE = re.compile(r"(?<![\d])1[3-9]\d(?:[，,、] ?\d{4}){2}(?![\d])")   # 138，3716，4429
_GROUP_RE = re.compile(r"\d+(?:[Xx](?![A-Za-z]))?")
_MOBILE_RE = re.compile(r"(?:0{0,2}86)?1[3-9]\d{9}")
_LANDLINE_RE = re.compile(r"0[1-9]\d{8,10}")
_UNIT_RE = re.compile(r" ?(?:[元万亿千百米亩吨斤个人户次辆台件处条棵盏根块袋年月日号时分秒点%度方余"
                      r"多家所座栋层楼套间名位项批起倍周岁天平公厘毫克㎡㎞㎝㎜℃]"
                      r"|cm|mm|km|kg|kv|m\b|w\b)", re.I)
_DATE_RE = re.compile(r"(?:19|20)\d\d(?:[-./](?:0?[1-9]|1[0-2])(?:[-./](?:0?[1-9]|[12]\d|3[01])"
                      r"(?: [01]?\d| 2[0-3]|[-—~](?:19|20)\d\d[-./]\d\d?[-./]\d\d?)?)?"
                      r"|(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])|[-—~] ?(?:19|20)\d\d)")
_CONTACT_CUE = re.compile(r"(?:电话|手机|号码|联系|座机|固话|短号|长号|tel|phone|拨打|致电|打|微信"
                          r"|vx)"
                          r"(?:号码|号|方式)?[ :：是为]{0,3}$", re.I)
_OTHER_CUE = re.compile(r"(?:工单|编号|单号|文号|批次|合同号|案卷号|订单|坐标|经度|纬度|桩号|里程"
                        r"|受理号"
                        r"|序号|证号|许可证|备案号|项目号|代码|执照|发票|票号|快递|运单|型号|批号"
                        r"|条码|编码|群号|群|收据|票据|流水号|凭证|取件码|验证码|提货码)"
                        r"(?:号码|号|编号)?[ :：是为]{0,3}(?:\d+[至到～~])?$")
_HOTLINE_RE = re.compile(r"[48]00\d{7}")
_SERVICE_RE = re.compile(r"123\d\d|9[56]\d{3}")   # government and public-service hotlines
_CODE_RE = re.compile(r"[A-Za-z][A-Za-z0-9]*[-_/]?$")
_EXTENSION_RE = re.compile(r" ?(?:转|分机号?|ext\.?|-|—) ?\d{1,6}(?!\d)", re.I)
def fold(text: str) -> str:
    """The text with full-width forms folded, one character for one (１３８ -> 138, ＠ -> @)."""
    folded = (unicodedata.normalize("NFKC", ch) for ch in text)
    return "".join(f if len(f) == 1 else ch for f, ch in zip(folded, text, strict=True))


def shadow(text: str) -> str:
    """The text as the household rules read it: folded, and Chinese digits as digits, but
    for one right after a digit and before none (302一直: a room, then a word)."""
    return _house_shadow(fold(text))


# 十 as a digit where it is one, one character for one: 十八 -> 18, 二十 -> 20 (二十一 stays)
_TEN_RE = re.compile(r"(?P<lead>(?<![一二三四五六七八九])十(?=[一二三四五六七八九]))"
                     r"|(?P<tail>(?<=[一二三四五六七八九])十(?![一二三四五六七八九]))")


def _ten(m: re.Match) -> str:
    """The digit 十 stands for: 1 before a digit (十八), 0 after one (二十)."""
    return "1" if m.group("lead") else "0"


def _house_shadow(fd: str) -> str:
    """The folded text with Chinese digits as digits, but for a lone one after a digit."""
    chars = list(_TEN_RE.sub(_ten, fd).translate(ZH_DIGITS))
    for m in _LONE_ZH_RE.finditer(fd):
        chars[m.start()] = m.group()
    for m in _WORD_TWO_RE.finditer(fd):   # 3排8号两家: a count, not a digit
        chars[m.start()] = "两"
    return "".join(chars)


def _number_shadow(fd: str) -> str:
    """The folded text as the number rules read it: Chinese digits as digits where two or
    more stand together (一三八, 138一二三四5678), not one alone beside digits (333一直),
    and letters typed for digits beside digits (15O37161188, l5937l60O92, 2B845)."""
    fd = _LETTER_DIGIT_RE.sub(lambda m: m.group().translate(_LETTER_DIGITS), fd)
    fd = fd.translate(_KEYCAP)   # 1️⃣3️⃣8️⃣: a digit, a variation selector, a keycap mark
    fd = _HEARD_RUN_RE.sub(lambda m: m.group().translate(HEARD_DIGITS).translate(ZH_DIGITS), fd)
    return _ZH_RUN_RE.sub(lambda m: m.group().translate(ZH_DIGITS).translate(_READ_DIGITS), fd)


def _birth(yyyymmdd: str) -> bool:
    """A plausible date of birth in an ID card number."""
    return (yyyymmdd[:2] in ("19", "20") and "01" <= yyyymmdd[4:6] <= "12"
            and "01" <= yyyymmdd[6:8] <= "31")


def _strong(digits: str) -> str | None:
    """The kind of a number that is personal whatever surrounds it, or None."""
    if _MOBILE_RE.fullmatch(digits):
        return "phone"
    if len(digits) == 18 and _birth(digits[6:14]) and digits[:17].isdigit():
        return "id_card"
    if len(digits) == 15 and digits.isdigit() and _birth("19" + digits[6:12]):
        return "id_card"
    if _LANDLINE_RE.fullmatch(digits):
        return "phone"
    return None


def _weak(sh: str, start: int, end: int, digits: str) -> str | None:
    """The kind of any other number, judged by what is around it, or None."""
    before = sh[max(0, start - 12):start]
    if (digits in _SERVICE or digits[3:] in _SERVICE or digits[4:] in _SERVICE
            or _HOTLINE_RE.fullmatch(digits) or _SERVICE_RE.fullmatch(digits)):
        return None   # 12345, 0371-12345, 400-123-4567, 12393, 96288
    if _CODE_RE.search(before) or _OTHER_CUE.search(before):
        return None   # XZ-2026-00123, 工单号2611270012
    if _UNIT_RE.match(sh, end) or _DATE_RE.fullmatch(sh[start:end]):
        return None   # 3000000元, 2026-11-27, 20261127
    if re.match(r"[A-Za-z]", sh[end:end + 1]):
        return None   # 91410184MA44…: part of a code
    if len(digits) >= 13:
        return "bank_card"
    if 7 <= len(digits) <= 12 and "." not in sh[start:end]:
        return "phone"
    if len(digits) >= 5 and _CONTACT_CUE.search(before):
        return "phone"
    return None


def _strong_prefix(groups: list[re.Match]) -> tuple[int, str | None]:
    """How many of the groups make a number personal by itself, longest first, and its kind."""
    for k in range(len(groups), 0, -1):
        kind = _strong("".join(g.group() for g in groups[:k]))
        if kind:
            return k, kind
    first = groups[0].group() if groups else ""
    if len(first) == 20 and first.isdigit() and _birth(first[6:14]):
        return 1, "id_card"   # a 残疾证 number written whole: the ID number and two digits
    return 0, None


def _numbers(sh: str) -> list[Span]:
    """Personal numbers: each run of digits cut into the identifiers it is made of."""
    found = []
    for run in _RUN_RE.finditer(sh):
        groups = list(_GROUP_RE.finditer(sh, run.start(), run.end()))
        while groups:
            k, kind = _strong_prefix(groups)
            if not kind:   # other digits up to the next identifier, judged by their context
                whole = sum(len(g.group()) for g in groups)
                k = len(groups) if 13 <= whole <= 19 else next(   # a bank card is one number
                    (j for j in range(1, len(groups)) if _strong_prefix(groups[j:])[1]),
                    len(groups))
                digits = "".join(g.group() for g in groups[:k])
                if all(g.group() in _SERVICE for g in groups[:k]):
                    digits = groups[0].group()   # 110、119 written in a row
                kind = _weak(sh, groups[0].start(), groups[k - 1].end(), digits)
            if kind:
                found.append(_widened(sh, groups[0].start(), groups[k - 1].end(), kind))
            groups = groups[k:]
    return found


def _widened(sh: str, start: int, end: int, kind: str) -> Span:
    """A phone with its +, its opening bracket and its extension."""
    if kind == "phone":
        if start and sh[start - 1] == "+":
            start -= 1
        if start and sh[start - 1] == "(" and ")" in sh[start:end]:
            start -= 1
        ext = _EXTENSION_RE.match(sh, end)
        if ext:
            end = ext.end()
    return Span(start, end, kind)


_PRIORITY = {k: i for i, k in enumerate(
    ("email", "wechat", "qq", "id_card", "bank_card", "plate", "phone", "house", "name"))}


def _joined(spans: list[Span]) -> tuple[Span, ...]:
    """Overlapping spans joined into one, of the kind of the longest among them (the more
    specific kind of two as long: a QQ number rather than a phone)."""
    out: list[tuple[Span, Span]] = []   # (joined span, longest part)
    for span in sorted(spans, key=lambda s: (s.start, -s.end)):
        if out and span.start < out[-1][0].end:
            joined, longest = out[-1]
            if (longest.start - longest.end, _PRIORITY[longest.kind]) > \
                    (span.start - span.end, _PRIORITY[span.kind]):
                longest = span
            out[-1] = (Span(joined.start, max(joined.end, span.end), longest.kind), longest)
        else:
            out.append((span, span))
    return tuple(Span(j.start, j.end, longest.kind) for j, longest in out)


def _past_keycap(text: str, span: Span) -> Span:
    """The span with the keycap marks after its last digit (…7️⃣), which are part of it."""
    end = span.end
    while end < len(text) and text[end] in "\ufe0f\u20e3":
        end += 1
    return Span(span.start, end, span.kind)


def redact(text: str) -> Redaction:
    """The public copy of text: every personal datum replaced by ＊, one for one."""
    fd = fold(text)
    sh = _house_shadow(fd)
    nsh = _number_shadow(fd)
    spans = [_past_keycap(text, s) for s in _numbers(nsh)]
    spans += [Span(*found) for found in contact_spans(sh, fd)]
    spans += [Span(m.start(), m.end(), "phone") for m in _SPLIT_MOBILE_RE.finditer(nsh)]
    spans += [Span(a, b, "house") for a, b in house_spans(sh)]
    contacts = [(s.start, s.end) for s in spans if s.kind in ("phone", "wechat", "qq", "email")]
    spans += [Span(a, b, "name") for a, b in name_spans(simplified(text), contacts)]
    spans = _joined([s for s in spans if s.end > s.start])
    chars = list(text)
    for span in spans:
        chars[span.start:span.end] = MASK * (span.end - span.start)
    return Redaction("".join(chars), spans)
