"""Chinese report text: normalisation and similarity for the duplicate-merge decision.

Chinese has no spaces, so two reports are compared on character n-grams after a
normalisation that removes what differs between writers but not between problems:
full/half-width forms, punctuation, 三号楼 vs 3号楼, sentence particles, and a small
map of field words that people write in several ways (窨井盖/阴井盖/下水道盖子 ...).
It also names what a report is about (TOPICS) and which numbered thing (3号楼). Each
step was measured on tests/merge/pairs.jsonl; the (precision, recall) of auto-merge
without it is noted beside it, against (0.995, 0.936) with everything on.
"""

import re
import unicodedata
from collections import Counter
from functools import lru_cache

# Sentence particles that carry no meaning in a problem report. 的/了 are by far the most
# frequent; the words in PROTECTED keep the character where it is part of a real word.
# Without this step: (0.995, 0.931).
FILLER_CHARS = frozenset("了的啊呢吧呀嘛哦啦哈吗么")
PROTECTED = ("了解", "的士", "的确", "目的", "网吧", "酒吧", "吧台", "哈密", "么么")

# Field words people write in several ways -> one spelling. Data, not logic: extend it
# when a real pair of reports slips through, and re-run tests/merge/test_quality.py.
# Longer variants are replaced first. Without the map: (0.995, 0.923).
SYNONYMS: dict[str, str] = {
    # manhole covers
    "窨井盖": "井盖", "阴井盖": "井盖", "污水井盖": "井盖", "雨水井盖": "井盖",
    "检查井盖": "井盖", "下水道盖子": "井盖", "下水道盖": "井盖", "下水井盖": "井盖",
    "井盖子": "井盖", "马葫芦盖": "井盖",
    # missing / broken
    "不见了": "缺失", "丢失": "缺失", "丢了": "缺失", "没了": "缺失", "被盗": "缺失",
    "被偷": "缺失",
    "损毁": "损坏", "破损": "损坏", "坏了": "损坏", "坏掉": "损坏",
    # road surface
    "坑坑洼洼": "坑洼", "坑哇": "坑洼", "坑槽": "坑洼",
    # rubbish
    "垃级": "垃圾", "废弃物": "垃圾", "垃圾箱": "垃圾桶",
    # leaks
    "漏雨": "漏水", "渗漏": "漏水", "渗水": "漏水",
    # markets and illegal building
    "菜市场": "农贸市场", "菜场": "农贸市场",
    "私搭乱建": "违建", "乱搭乱建": "违建", "违规搭建": "违建", "违章建筑": "违建",
    # street lights
    "路登": "路灯",
}
_SYNONYM_RE = re.compile("|".join(sorted(map(re.escape, SYNONYMS), key=len, reverse=True)))

# What a report is about, by the words that name it: one report says 井盖, the other 路灯,
# so they are two problems however much of the place name they share. sync.merge does not
# auto-join a pair whose topic sets are both non-empty and disjoint (unless the texts are
# nearly the same), and asks less character overlap of a pair that shares a topic. General
# municipal vocabulary, not a list of test sentences; prefer words of two characters or
# more, since a wrong topic word costs recall. Longer words match first: 坑塘 is a pond,
# not a 坑; 红绿灯 is a traffic signal, not a street light. Without topics: (0.966, 0.734).
# Grown from misses of the later batches of pairs.jsonl: new vocabulary will miss too.
TOPICS: dict[str, str] = {
    "manhole": "井盖 窨井 井口 井圈 井座 黑窟窿",
    "lighting": "路灯 灯杆 照明 景观灯 声控灯 楼道灯 灯 漆黑 黑灯",
    "traffic_signal": "红绿灯 信号灯 黄灯",
    "crossing": "斑马线 人行横道 过马路",
    "speed": "减速带 减速 车速 限速",
    "traffic_jam": "拥堵 堵车 堵死 堵得 交通疏导",
    "parking": "停车 车位 乱停",
    "bus": "公交 站牌 候车 发车",
    "road_surface": "路面 坑洼 坑 塌陷 沉降 下沉 路基 路塌 塌方 开挖 挖开 回填 埋管",
    "paving": "地砖 便道砖 步道砖 人行道砖 道板",
    "railing": "护栏 隔离栏 围栏 栏杆 隔离墩",
    "accessibility": "扶手 无障碍 盲道 坡道",
    "slope": "边坡 护坡 坍塌面 滑坡",
    "flood_damage": "水毁 冲坏 冲垮 冲断 冲塌 水冲 灾后",
    "drainage": "排水 下水 积水 污水 返水 冒水 倒灌 水沟 边沟 淹 管网",
    "sewage_plant": "污水处理 污水站 处理站 直排",
    "septic": "化粪池",
    "water_supply": "停水 自来水 水压 供水 爆管 水管",
    "drinking_water": "饮水",
    "water_quality": "水质 发黄 浑浊 水垢",
    "irrigation": "水渠 灌溉 沟渠 淤堵",
    "power": "停电 供电 电压 变压器",
    "gas": "燃气 天然气 煤气",
    "heating": "暖气 供暖",
    "lift": "电梯",
    "roof_leak": "漏水 防水 屋顶 楼顶 顶棚 棚顶 雨棚 屋面",
    "facade": "墙皮 外墙 外立面 瓷砖 抹灰 空鼓",
    "illegal_building": "违建 彩钢 搭建 圈占 棚子",
    "charging": "充电 电线 飞线 拉线",
    "fire_exit": "消防 安全通道 堆放 杂物 堆满",
    "abandoned_vehicle": "僵尸车 报废 废弃车",
    "internet_cafe": "网吧 上网",
    "access_control": "门禁 道闸 门卫",
    "rubbish": "垃圾 清运 清扫 保洁 满溢 塑料袋 烂菜叶",
    "toilet": "厕所 公厕 卫生间 洗手",
    "dust": "扬尘 防尘 苫盖 裸土 围挡 尘 灰",
    "muck": "渣土 带泥 泥巴 一身泥 冲洗 撒漏 遗撒",
    "noise": "噪音 噪声 吵 扰民 打桩 灯光 音响 音箱 广场舞",
    "smoke": "油烟 烧烤 焚烧 秸秆",
    "advertising": "小广告 广告 牛皮癣",
    "stray_animals": "流浪狗 流浪猫",
    "trees": "树 苗木 枯死 补种 补植",
    "street_vending": "占道 摊",
    "food_safety": "三无 辣条 零食 过期 食品",
    "weights": "缺斤少两 缺斤短两 短斤 秤 计量",
    "price": "涨价 收费 价格 吃不起",
    "queue": "排队 等候 窗口",
    "self_service": "自助 终端 打印机",
    "signage": "标志 标识 指示 提示牌 警示 导览 标牌",
    "water_body": "坑塘 溺水 池塘 河道 水塘",
    "medical": "医生 大夫 值班 就医 看病",
    "groceries": "买菜 菜店",
    "school": "上学 校车 接送",
    "fitness": "健身 器材 漫步机 走步机 踏板 单杠 双杠",
    "culture_wall": "文化墙 展板",
    "pavilion": "凉亭 瓦片",
    "boardwalk": "栈道 步道 木板",
    "poultry": "活禽 杀鸡 宰杀 鸡毛",
}
_TOPIC_OF = {word: topic for topic, words in TOPICS.items() for word in words.split()}
_TOPIC_RE = re.compile("|".join(sorted(map(re.escape, _TOPIC_OF), key=len, reverse=True)))

# Chinese numerals before a counting word (号, 楼, 栋 ...) or after 第 become digits, so
# 三号楼, 3号楼 and ３号楼 agree; 三里岗 or 十字路口 are left alone. Without: (0.995, 0.918).
_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4,
              "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_COUNTERS = "号楼栋幢单元期排层组户室"
_CN_NUM_RE = re.compile(
    r"(?<=第)([零〇一二两三四五六七八九十百]+)|([零〇一二两三四五六七八九十百]+)(?=[号楼栋幢单期排层组户室])"
)


def _cn_to_int(s: str) -> int | None:
    """Value of a Chinese numeral such as 三, 十二, 二十三, 一百零五 or 二七 (digit by digit)."""
    if "十" not in s and "百" not in s:
        if all(c in _CN_DIGITS for c in s):
            return int("".join(str(_CN_DIGITS[c]) for c in s))
        return None
    total, current = 0, 0
    for c in s:
        if c in _CN_DIGITS:
            current = _CN_DIGITS[c]
        elif c == "十":
            total += (current or 1) * 10
            current = 0
        elif c == "百":
            total += (current or 1) * 100
            current = 0
    return total + current


def _numerals_to_digits(text: str) -> str:
    """Replace Chinese numerals that count something with Arabic digits."""

    def repl(m: re.Match[str]) -> str:
        raw = m.group(0)
        value = _cn_to_int(raw)
        return raw if value is None else str(value)

    return _CN_NUM_RE.sub(repl, text)


# One pass: a PROTECTED word is kept whole, a filler character elsewhere is dropped.
_FILLER_RE = re.compile("(" + "|".join(map(re.escape, PROTECTED)) + ")|["
                        + "".join(sorted(FILLER_CHARS)) + "]")


def _drop_fillers(text: str) -> str:
    """Remove sentence particles, keeping the PROTECTED words intact."""
    return _FILLER_RE.sub(lambda m: m.group(1) or "", text)


# Everything but letters and numbers (Unicode categories L* and N*): \w is exactly those
# plus "_" (tests/merge/test_text.py checks every code point).
_NOT_LETTER_OR_NUMBER_RE = re.compile(r"[\W_]+")


def prepare(text: str) -> str:
    """NFKC, lower case, 3#楼 as 3号楼 and counting Chinese numerals as digits: the first
    step of every comparison of report texts (here and in sync.lexicon)."""
    s = unicodedata.normalize("NFKC", text).lower()
    return _numerals_to_digits(re.sub(r"(\d+)\s*#", r"\1号", s))


@lru_cache(maxsize=65536)
def normalise(text: str | None) -> str:
    """Canonical form of a report text for comparison (not for display); cached."""
    if not text:
        return ""
    s = _NOT_LETTER_OR_NUMBER_RE.sub("", prepare(text))
    s = _SYNONYM_RE.sub(lambda m: SYNONYMS[m.group(0)], s)
    return _drop_fillers(s)


def ngrams(text: str, n: int) -> Counter[str]:
    """Multiset of the character n-grams of text (the whole text if shorter than n)."""
    if n < 1:
        raise ValueError("n must be at least 1")
    if len(text) < n:
        return Counter([text]) if text else Counter()
    if n == 1:
        return Counter(text)
    return Counter(text[i : i + n] for i in range(len(text) - n + 1))


def dice(a: Counter[str], b: Counter[str]) -> float:
    """Multiset Dice coefficient of two n-gram counters, 0 when both are empty."""
    total = a.total() + b.total()
    if not total:
        return 0.0
    return 2 * sum(min(a[k], b[k]) for k in a.keys() & b.keys()) / total


# Numbered things in a text (3号楼, 2单元, 3期): two reports about building 3 and building 5
# of one community are two problems even when every other word matches. Without the
# check: (0.982, 0.936), three more false joins.
# A 号 after 月 is a date (11月3号), not a house number.
_NUMBER_RE = re.compile(r"(?<![月\d])(\d+)(号楼|栋|幢|单元|期|号)")
_NUMBER_KIND = {"号楼": "building", "栋": "building", "幢": "building", "单元": "entrance",
                "期": "phase", "号": "number"}

# Weights of the similarity blend. Unigram Dice carries paraphrases (井盖没了 / 井盖缺失
# share characters, not bigrams) and measured best with thresholds re-tuned for each blend;
# at the default thresholds 0.85/0.15 gives (0.995, 0.906) and 0.5/0.5 (1.0, 0.777). The
# bigram term stays available for a deployment whose pairs say otherwise.
UNIGRAM_WEIGHT = 1.0
BIGRAM_WEIGHT = 0.0


@lru_cache(maxsize=65536)
def _grams(text: str | None) -> tuple[Counter[str], Counter[str]]:
    """Unigram and bigram counters of a normalised text, cached per raw text."""
    norm = normalise(text)
    return ngrams(norm, 1), (ngrams(norm, 2) if BIGRAM_WEIGHT else Counter())


def similarity(a: str, b: str) -> float:
    """Similarity in [0, 1] of two report texts (normalised here), on character n-grams."""
    (ua, ba), (ub, bb) = _grams(a), _grams(b)
    if not ua or not ub:
        return 0.0
    return UNIGRAM_WEIGHT * dice(ua, ub) + (BIGRAM_WEIGHT * dice(ba, bb) if BIGRAM_WEIGHT else 0)


@lru_cache(maxsize=8192)  # keyed by whole item texts, which grow with every report
def split_reports(text: str | None) -> tuple[str, ...]:
    """The report texts an item's description holds, one per line (non-empty); cached."""
    return tuple(part for part in (text or "").splitlines() if part.strip())


def best_similarity(text: str, item_text: str | None) -> float:
    """Highest similarity of text to any one report text of an item."""
    return max((similarity(text, part) for part in split_reports(item_text)), default=0.0)


@lru_cache(maxsize=65536)
def topics(text: str | None) -> frozenset[str]:
    """The TOPICS a text names (normalised here), e.g. {"manhole"} for 窨井盖丢了."""
    return frozenset(_TOPIC_OF[m.group(0)] for m in _TOPIC_RE.finditer(normalise(text)))


@lru_cache(maxsize=65536)
def number_tags(text: str | None) -> frozenset[tuple[str, str]]:
    """Numbered things a text names, e.g. {("building", "3"), ("entrance", "2")}."""
    return frozenset((_NUMBER_KIND[m.group(2)], m.group(1))
                     for m in _NUMBER_RE.finditer(normalise(text)))


@lru_cache(maxsize=8192)
def item_number_tags(item_text: str | None) -> frozenset[tuple[str, str]]:
    """Numbered things any report text of an item names; cached."""
    return frozenset().union(*(number_tags(part) for part in split_reports(item_text)))


def numbers_conflict(a: frozenset[tuple[str, str]], b: frozenset[tuple[str, str]]) -> bool:
    """True when both name a thing of the same kind and never the same number (3号楼/5号楼)."""
    for kind in {k for k, _ in a} & {k for k, _ in b}:
        if not {n for k, n in a if k == kind} & {n for k, n in b if k == kind}:
            return True
    return False
