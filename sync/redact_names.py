"""Person names in a report text, for the redaction of sync/redact.py.

Chinese has no spaces and surname characters are everyday characters (周边, 高度, 马路), so
a name is only taken where the text says a person is meant:
- after a cue word (村民王秀英, 联系人：李强, 其子张伟): a surname and one or two given-name
  characters, and more names joined by 、和与及 (村民王秀英、李桂兰);
- with a title (王大爷, 李阿姨, 张建国师傅 -> the surname and given name go, the title stays);
- with 某 (王某, 刘某某), or as 老王 / 小李 before 家, 说, 的 ...;
- right before a contact word (王秀英（电话…）, 王秀英手机) or a phone number found by
  sync/redact.py, before 家 (王秀英家门口; a surname alone only before 门口, 院 ...: 王家门口,
  never 王家庄 or 李家饭店), before an age or a sex (王秀英（女，68岁）), before 等3户, before
  （户主）, and at the start of a clause before 反映, 称, 说 or 的房子, 的儿子 ...;
- the surname after 姓 (一位姓王的大爷), and names joined to any of these by 、和与及;
- a name that opens a clause, or follows a lead word (通知, 找到, 陪同 ...) or 的 before
  说/反映/想问 (开民宿的苗青想问), or comes right after a phone number or an e-mail address
  (手机…，谈美玲，…), when a follow character comes after it (说, 的, 在, 被, （ ...), or, for a
  full name, when what follows is not bound to it (贾玉兰天天…, but not 付岗小学 or 农民增收:
  no place word and no everyday word of bound_words.txt across its end); and anywhere, a
  common surname with two given-name characters before a follow character (开会时褚建平没到),
  or after 的 or 是 when not bound (住的钱桂香腿脚不好); a 小名 of the lexicon (二狗他爹, 铁柱家)
  and, at a clause start, a surname and a character that make a word (高峰反映, 方圆说)
  before 他, 家, 说 ... (sync/redact_word_names.py)
A name not after a cue must be made of given-name characters of the lexicon, and an
everyday surname character (安, 车, 路) needs a cue, a title at a clause start or two given
characters. Everyday words that start or end with a surname character (not_name, ordinary,
left_word: 周边, 黄河, 设施) and pairs of given characters that make a word (小学) are never
names. The words are data (sync/redact_lexicon.py reads them). On text without names
(tests/merge's 1,410 report texts) the rules find only the names those texts do have.
"""

import re
from collections.abc import Iterable

from sync.redact_lexicon import NameLexicon, blocked, given_run, lexicon, surname_at
from sync.redact_name_lists import joined
from sync.redact_name_parts import (
    JOINERS,
    LEADS,
    ending_at,
    full_name,
    name_at,
    opens,
    spaced_name,
)
from sync.redact_word_names import word_names

_AGE_RE = re.compile(r"[，,（( ]?(?:女|男|现年|今年|年近|年过|年龄)?[，, ]?"
                     r"[\d一二三四五六七八九十]{1,3}岁|[（(，,](?:女|男)[，,）)]")
_GROUP_RE = re.compile(r"等(?=[\d一二三四五六七八九十几多]|人|村民|居民|住户|群众|户|家)")
_WHEN_RE = re.compile(r"(?:昨天|今天|前天|上午|下午|早上|晚上|中午|刚才|昨晚|今早|当天)")
_KIN_AFTER_RE = re.compile(r"村民|居民|人家|住户|男子|女子|老人|老汉|大爷|大娘|一家|户主|业主")
_SURNAME_AFTER_RE = re.compile(r"(?<![百])姓(?!名)")
_BELONGING_RE = re.compile(r"的(?=家|房|屋|院|车|儿子|女儿|孙|老伴|丈夫|妻子|爱人|媳妇|孩子|电话"
                           r"|手机|门口|门前|菜地|承包地|宅基地|责任田|麦地|摊位|养殖场|大棚)")
_NICKNAME_RE = re.compile(r"(?<=[老小大])[\u4e00-\u9fff](?=家|说|反映|称|讲|的|，|。|、|（|\(|"
                          r"电话|在|手机|他|她|等|和|头|夫妇|两口子|一家|媳妇|儿子|女儿|老伴|门口|问|住|：|:|$)")


_SELLER_RE = re.compile(r"卖[\u4e00-\u9fff]{1,3}?的(?=[\u4e00-\u9fff])")   # 卖羊肉的黑志军


def _after_cues(text: str, lx: NameLexicon) -> Iterable[tuple[int, int]]:
    """Names right after a cue word, and those joined to them by 、和与及."""
    cues = {m.start(): m for m in _SELLER_RE.finditer(text)}
    cues.update((m.start(), m) for m in lx.words["cue"].finditer(text))
    for cue in sorted(cues.values(), key=lambda m: m.start()):
        i = cue.end()
        while i < len(text) and text[i] in " ：:　" and i - cue.end() < 2:
            i += 1
        n = len(lx.words["nickname"].at(text, i))   # 村民二狗
        if n or (text.startswith(("老", "小"), i) and surname_at(text, i + 1, lx, False)):
            yield (i, i + n) if n else (i + 1, i + 2)
            continue
        spaced = spaced_name(text, i, lx)   # 反映人邓 桂 芳
        if spaced:
            yield i, spaced
            continue
        n = name_at(text, i, lx, after_cue=True)
        if cue.group().startswith("卖") and n == 2 and text[i] in lx.word:
            continue   # 卖肉的商秀兰, not 卖肉的水全往地上泼: goods follow a seller, so two
        while n:
            yield i, i + n
            i += n
            if i + 1 >= len(text) or text[i] not in JOINERS:
                break
            i += 1
            n = name_at(text, i, lx, after_cue=True)


def _titled(text: str, lx: NameLexicon) -> Iterable[tuple[int, int]]:
    """Surnames (and given names) before a title: 王大爷, 李建国师傅, 王秀英老人; an everyday
    surname character only at the start of a clause (宁大姐说, but 门卫大爷, 保安大哥)."""
    for cls, min_given in (("title", 0), ("name_title", 1)):
        for m in lx.words[cls].finditer(text):
            found = ending_at(text, m.start(), lx, min_given, False, False, m.end())
            if not found:
                found = ending_at(text, m.start(), lx, min_given, True, False, m.end())
                if found and found[0] and text[found[0] - 1] not in LEADS | {"的"}:
                    found = None
            if found:
                yield found


def _with_mou(text: str, lx: NameLexicon) -> Iterable[tuple[int, int]]:
    """王某, 刘某某, 欧阳某: any surname before 某, unless 某 starts a word (某日, 某处)."""
    for m in re.finditer(r"某{1,2}(?![处日些种天时月年次段样件个项地])", text):
        for s in (2, 1):
            i = m.start() - s
            if i >= 0 and surname_at(text, i, lx, loose=True) == s and not blocked(text, i, lx):
                yield i, m.end()
                break


def _before_words(text: str, lx: NameLexicon) -> Iterable[tuple[int, int]]:
    """Full names before a contact word, 家, or (at a clause start) 反映, 称, 说 ..."""
    for m in lx.words["contact"].finditer(text):
        end = m.start() - (m.start() > 0 and text[m.start() - 1] in "（( ，,：:")
        found = ending_at(text, end, lx, 1, loose=True)
        if found:
            yield found
    for m in lx.words["speech"].finditer(text):
        found = ending_at(text, m.start(), lx, 1)
        if found and (found[0] == 0 or text[found[0] - 1] in LEADS or full_name(text, found, lx)):
            yield found
        elif not found:   # 米兰英来电说, 宫建伟撤回了: a full name opening a clause
            found = ending_at(text, m.start(), lx, 2, loose=True, ordinary=False)
            if found and opens(text, found[0], lx) and found[1] - found[0] >= 3:
                yield found
    for m in lx.words["after_de"].finditer(text):   # 开民宿的苗青想问
        found = ending_at(text, m.start(), lx, 1)
        if found and found[0] and text[found[0] - 1] == "的":
            yield found
    for m in (*_AGE_RE.finditer(text), *_GROUP_RE.finditer(text)):
        found = ending_at(text, m.start(), lx, 1)
        if found:
            yield found
    for m in _BELONGING_RE.finditer(text):   # 王秀英的房子, at the start of a clause
        found = ending_at(text, m.start(), lx, 1)
        if found and (found[0] == 0 or text[found[0] - 1] in LEADS or full_name(text, found, lx)):
            yield found
    for m in lx.words["cue"].finditer(text):   # 王秀英（户主）
        if m.start() > 1 and text[m.start() - 1] in "（(":
            found = ending_at(text, m.start() - 1, lx, 1)
            if found:
                yield found
    for m in re.finditer("家", text):
        if lx.words["place_after"].at(text, m.end()) or lx.words["shop_after"].at(text, m.end()):
            continue   # 王家庄, 李家饭店
        found = ending_at(text, m.start(), lx, 1, loose=False)
        if not found:   # 发现危振东家, 揭晓峰家: two given characters where a clause opens
            found = ending_at(text, m.start(), lx, 2, loose=True, ordinary=False)
            found = found if found and opens(text, found[0], lx) else None
        if found:
            yield found
        elif lx.words["home_after"].at(text, m.end()):
            s = 2 if text[max(0, m.start() - 2):m.start()] in lx.compound else 1
            i = m.start() - s
            if i >= 0 and surname_at(text, i, lx, False) == s and not blocked(text, i, lx):
                yield i, m.start()


def _nicknames(text: str, lx: NameLexicon) -> Iterable[tuple[int, int]]:
    """老王, 小李 before 家, 说, 的 ...: the surname goes."""
    for m in _NICKNAME_RE.finditer(text):
        shop = text.startswith("家", m.end()) and lx.words["shop_after"].at(text, m.end() + 1)
        if m.group() in lx.common and not blocked(text, m.start(), lx) and not shop:
            yield m.start(), m.end()


def _clause_start(text: str, lx: NameLexicon, starts: Iterable[int],
                  leads: frozenset[int] = frozenset()) -> Iterable[tuple[int, int]]:
    """A name that opens a clause (宋秀芝（139…）反映, 手机…，谈美玲，楼上漏水): a surname,
    given-name characters of the lexicon (two after an everyday character: 况大军), then a
    follow character; right after a lead word (leads: where they end) a full name needs
    none (找到宋桂芝了解情况)."""
    for i in starts:
        s = surname_at(text, i, lx, loose=True)
        if not s or blocked(text, i, lx):
            continue
        word = s == 1 and text[i] in lx.word   # 况大军被…: an everyday character, full names only
        for g in (2,) if word else (2, 1):
            end = i + s + g
            given = text[i + s:end]
            if (len(given) == g and all(ch in lx.given for ch in given)
                    and given_run(text, i + s, lx, True) >= g
                    and given not in lx.words["given_word"]
                    and not blocked(text, i, lx, end, ordinary=True)
                    and not _gate_of(text, end)
                    and not _PLACE_LI_RE.match(text, end)   # 康宁里二号楼: a place
                    and (end == len(text) or text[end] in lx.follow
                         or (g == 2 and not word and (i in leads or full_name(text, (i, end), lx))
                             and _unbound(text, end, lx)))):
                yield i, end
                break


def _gate_of(text: str, end: int) -> bool:
    """A side's gate ends at end (轩辕东门, 小学北门): the direction is no given name."""
    return text[end:end + 1] == "门" and text[end - 1] in "东西南北"


_PLACE_LI_RE = re.compile(r"里(?:[\d一二三四五六七八九十甲乙丙]|小区|社区)")
_PLACE_NEXT = frozenset("村庄寨营屯镇乡街路巷道区社院校学园厂场站馆所楼桥河湖渠山岭沟坡洼集"
                        "铺岗湾堡台店市府局委队组号")


def _unbound(text: str, end: int, lx: NameLexicon) -> bool:
    """A name ending at end is not bound to what follows: no place word after it (白杨树村,
    付岗小学) and its last character and the next make no everyday word (农民增收)."""
    return text[end] not in _PLACE_NEXT and text[end - 1:end + 1] not in lx.bound


def _full_names(text: str, lx: NameLexicon) -> Iterable[tuple[int, int]]:
    """A common surname and two given-name characters, then a follow character or another
    such name, anywhere (开会时褚建平没到, 黄志强黄志刚兄弟): rarely anything but a name."""
    found: set[int] = set()
    for i in range(len(text) - 3, -1, -1):   # from the end: a name may be followed by one
        if text[i] in lx.common:
            end = i + 3
            if (all(ch in lx.given for ch in text[i + 1:end])
                    and given_run(text, i + 1, lx, True) == 2
                    and text[i + 1:end] not in lx.words["given_word"]
                    and not blocked(text, i, lx, end, ordinary=True)
                    and not blocked(text, i + 1, lx, end, ordinary=True)
                    and not _gate_of(text, end)
                    and (end == len(text) or text[end] in lx.follow or end in found
                         or (i and text[i - 1] in "的是" and _unbound(text, end, lx)))):
                found.add(i)
                yield i, end


def _starts(text: str, after: Iterable[int]) -> list[int]:
    """Where a clause starts: the text's start, after punctuation, 据, 找 ... or 昨天, 上午 ...,
    and after the contact data found (ends given), past a separator or two."""
    found = {0} | {i + 1 for i, ch in enumerate(text) if ch in LEADS}
    found |= {m.end() for m in _WHEN_RE.finditer(text)}   # 昨天孟凡到村委会说
    for end in after:
        while end < len(text) and text[end] in " ：:，,　)）/／;；":
            end += 1
        found.add(end)
    return sorted(i for i in found if i < len(text))


def _surname_only(text: str, lx: NameLexicon) -> Iterable[tuple[int, int]]:
    """一位姓王的大爷, 何姓村民: the surname after or before 姓 goes."""
    for m in _SURNAME_AFTER_RE.finditer(text):
        s = surname_at(text, m.end(), lx, loose=True)
        if s:
            yield m.end(), m.end() + s
        kin = _KIN_AFTER_RE.match(text, m.end())
        for s in (2, 1) if kin else ():   # 何姓村民, 欧阳姓人家
            i = m.start() - s
            if i >= 0 and surname_at(text, i, lx, False) == s:
                yield i, m.start()
                break


def name_spans(text: str, contacts: Iterable[tuple[int, int]] = ()) -> list[tuple[int, int]]:
    """(start, end) of every name found in text; contacts are the (start, end) of the phone
    numbers, WeChat and QQ ids found by sync/redact.py (a name right before one goes, and
    one right after one that opens a clause)."""
    lx = lexicon()
    contacts = list(contacts)
    contact_starts = [start for start, _ in contacts]
    leads = frozenset(m.end() for m in lx.words["lead"].finditer(text))
    starts = sorted({*_starts(text, (end for _, end in contacts)),
                     *(i for i in leads if i < len(text))})
    found = [*_after_cues(text, lx), *_titled(text, lx), *_with_mou(text, lx),
             *_before_words(text, lx), *_nicknames(text, lx), *_surname_only(text, lx),
             *_clause_start(text, lx, starts, leads), *word_names(text, lx, starts),
             *_full_names(text, lx)]
    for start in contact_starts:
        end = start
        while end > 0 and text[end - 1] in " ：:，,　" and start - end < 2:
            end -= 1
        hit = ending_at(text, end, lx, 1, loose=True)
        if hit:
            found.append(hit)
    return joined(text, found, lx)
