"""Contacts and plates for the redaction of sync/redact.py: phone tails, numbers after
身份证 or 卡号, e-mail, WeChat and QQ ids, 138****5678, and licence plates.

Read on the two texts sync/redact.py makes: the shadow (Chinese digits as digits) and the
folded text (full-width forms folded). Each find is (start, end, kind) over the original.
"""

import re

ZH_DIGITS = str.maketrans("〇零一二两三四五六七八九幺壹贰叁肆伍陆柒捌玖", "0012234567891123456789")
# Digits as speech-to-text hears them (衣 1, 散 3, 吧 8, 期 7, 勾 9 ...), for numbers read out.
_HEARD_OF = {"1": "衣依医腰", "2": "儿尔", "3": "散伞山", "4": "似寺", "5": "舞武午无",
             "6": "留流溜", "7": "期妻齐", "8": "吧巴", "9": "久酒勾", "0": "灵玲"}
HEARD = "".join(_HEARD_OF.values())
HEARD_DIGITS = str.maketrans({ch: d for d, chars in _HEARD_OF.items() for ch in chars})
_SAY = r"(?:号码|号)?(?:是|为|[:：])? ?"   # 号码是, 号：, or nothing between a cue and its datum
_TAIL_RE = re.compile(r"(车牌|身份证号?|证件号?)?(?:尾号|尾数|末尾|末四位|末4位|最后四位|最后4位"
                      r"|后四位|后4位|后三位|后3位|后六位|后6位)"
                      r"(?:是|为|[:：])? ?([\dA-Za-z]{3,6})(?![\d])")
_TAIL_KIND = {"车": "plate", "身": "id_card", "证": "id_card"}
_ID_CUE_RE = re.compile(rf"(身份证|证件|卡号|银行卡|账号|帐号|账户|存折){_SAY}(\d[\d Xx]{{5,22}})")
_EMAIL_RE = re.compile(r"[A-Za-z0-9._%+\-]+(?: ?[@#]{1,2} ?| (?i:at) |[(\[](?i:at|a)[)\]]| ?艾特 ?"
                       r"|圈[aA]|小老鼠)"
                       r"(?:[A-Za-z0-9\-]+(?:(?: ?[.。点,，] ?| (?i:dot) )[A-Za-z0-9\-]+)+"
                       r"|(?i:163|126|qq|sina|sohu|yeah|139|189|foxmail|hotmail|gmail|outlook)com)")
_WECHAT_RE = re.compile(r"(?:微 ?信|微\.信|威信|薇信|维信|徽信|伟信|维新|危信|卫信|为信|wei信"
                        r"|微心|薇芯|微芯|v信|v号|微x|威(?=[:：])|v x|搜一下|加个?vx|加v|加我|加微"
                        r"|绿泡泡"
                        r"|卫星号|同号|查找"
                        r"|(?:[微薇]|(?<![A-Za-z0-9])v) ?[❤♥/／:：]|微亻言|薇亻言|胃信"
                        r"|搜索?(?=[A-Za-z][-_A-Za-z]*[\d_])"
                        r"|(?-i:VX)(?=[a-z\d_])|(?-i:(?<![A-Za-z])vx)(?=[A-Z\d_])"
                        r"|(?<![A-Za-z])(?:vx|wx|wechat|wei ?xin)(?![A-Za-z])"
                        r"|(?<![A-Za-z])v(?=[:：]))"
                        r" ?(?:账号|号码|号|id)?(?:[（(][^）)]{1,10}[）)])?"
                        r"(?:是|为|吧|[:：，,]| |搜索?){0,3}"
                        r"([A-Za-z0-9_][-_A-Za-z0-9]{3,19})",
                        re.I)
_WXID_RE = re.compile(r"(?<![A-Za-z0-9])(?:wxid|wx)_[-_A-Za-z0-9]{2,}", re.I)
_QQ_RE = re.compile(r"(?:(?<![A-Za-z])q ?q|扣扣)(?:号码|号)?(?:是|为|[:：]| ){0,3}"
                    r"(\d(?: ?\d){4,10})(?![\d])", re.I)
_PLATE_RE = re.compile(   # 豫A12345, 豫A·D12345, 豫AD 12589, 豫A 1234学, and e-bikes: 郑州A12758
    r"(?:[京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼]|郑州|新郑) ?[·\-]? ?"
    r"[A-Za-z](?:[ ·.•\-_/—–]| {2})?"
    r"((?:[A-Za-z0-9][·]?(?: ?[A-Za-z0-9]){4,5}|[A-Za-z0-9]{4} ?[学警挂领港澳试超临])"
    r"(?: ?挂)?)(?![A-Za-z0-9])")
_PLATE_CUE_RE = re.compile(rf"(?:车牌|牌照|号牌|车号){_SAY}([A-Za-z][ ·.\-]?[A-Za-z0-9]{{4,6}})"
                           r"(?![A-Za-z0-9])|(?<![A-Za-z0-9])([A-Z][A-Z0-9]{5,6})(?![A-Za-z0-9])"
                           r"(?=(?:的|这辆|那辆)?(?:车|轿车|货车|面包车|三轮|电动车|小车|私家车|大车))")
_STARRED_RE = re.compile(r"(?<!\d)1[3-9]\d ?[*xX×] ?[*xX×]{2} ?[*xX×] ?\d{4}(?!\d)")  # 138****5678


def contact_spans(sh: str, fd: str) -> list[tuple[int, int, str]]:
    """Phone tails, numbers after 身份证/卡号 (on the shadow), e-mail, WeChat, QQ and licence
    plates (on the folded text: 晋M·7D286一个月 is a plate and a month)."""
    found = []
    for m in _TAIL_RE.finditer(sh):
        cue = (m.group(1) or "-")[0]
        found.append((m.start(2), m.end(2), _TAIL_KIND.get(cue, "phone")))
    for m in _ID_CUE_RE.finditer(sh):
        kind = "id_card" if m.group(1) in ("身份证", "证件") else "bank_card"
        found.append((m.start(2), m.start(2) + len(m.group(2).rstrip()), kind))
    found += [(m.start(), m.end(), "phone") for m in _STARRED_RE.finditer(sh)]
    found += [(m.start(), m.end(), "email") for m in _EMAIL_RE.finditer(fd)]
    for m in _WECHAT_RE.finditer(fd):
        ident = m.group(1)
        if len(ident) >= 5 or re.search(r"[\d_\-]", ident):
            found.append((m.start(1), m.end(1), "wechat"))
    found += [(m.start(), m.end(), "wechat") for m in _WXID_RE.finditer(fd)]
    found += [(m.start(1), m.end(1), "qq") for m in _QQ_RE.finditer(sh)]
    plates = _plates(fd)
    # 豫A八K三七Q: a plate read out in Chinese digits, where the folded text has none there
    read_out = fd.translate(ZH_DIGITS)
    for text in (read_out, read_out.translate(HEARD_DIGITS)):   # 豫A留五二勾K, as heard
        plates += [p for p in _plates(text)
                   if not any(p[0] < q[1] and q[0] < p[1] for q in plates)]
    found += plates
    for m in _PLATE_CUE_RE.finditer(fd):   # 车牌A·12345; A12345的车 (no province)
        n = 1 if m.group(1) else 2
        if n == 1 or sum(c.isdigit() for c in m.group(2)) >= 3:
            found.append((m.start(n), m.end(n), "plate"))
    return found


def _plates(fd: str) -> list[tuple[int, int, str]]:
    """Licence plates with a province (or 郑州, 新郑) in the folded text."""
    found = []
    for m in _PLATE_RE.finditer(fd):
        body = re.sub(r"[^A-Za-z0-9]", "", m.group(1))
        special = not m.group(1)[-1].isascii()   # 1234学, 1234挂, G8823挂
        if len(body) in ((4, 5) if special else (5, 6)) and sum(c.isdigit() for c in body) >= 3:
            found.append((m.start(), m.end(), "plate"))
    return found
