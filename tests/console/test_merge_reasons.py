"""The console says in plain Chinese why the merge decision thinks two items are, or are
not, one problem (issue 14): every reason code and conflict kind has words, each
suggestion card opens with its verdict, and a trap pair (same spot, same light, another
defect) pushed through the real sync path is shown as "不是重复" with no merge button."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from sync.lexicon import identifier_kinds
from tests.console.helpers import goto, login, row

REASON_CODES = [
    "category_same", "category_related", "category_compatible", "category_differs",
    "same_problem", "same_object", "text_alike", "defect_differs", "identifier_differs",
    "bridge", "topic_match", "topic_conflict", "number_conflict", "same_area", "near",
    "area_near", "far", "no_distance", "position_unusable", "item_position_unusable", "other",
]
# every kind of identifier the lexicon can give (sync.identifiers, places.tsv, #sort)
IDENTIFIER_KINDS = sorted(identifier_kinds() | {"other"})
M_PER_DEG = 111_320.0


def test_every_reason_code_and_conflict_kind_has_plain_words(lab):
    texts = lab.evaluate("""async ([codes, kinds]) => {
        const zh = (await import('/console/i18n/zh-CN.js')).default;
        return { reasons: codes.map((c) => zh.reasons[c]),
                 kinds: kinds.map((k) => zh.conflicts.identifier[k]),
                 defect: [zh.conflicts.defect, zh.conflicts.defectAny, zh.conflicts.unknown] };
    }""", [REASON_CODES, IDENTIFIER_KINDS])
    for text in texts["reasons"] + texts["kinds"] + texts["defect"]:
        assert isinstance(text, str) and re.search(r"[\u4e00-\u9fff]", text), text
        assert not re.search(r"[A-Za-z_]", text.replace("{object}", "")), text


CARDS = """async () => {
    const m = await import('/console/views/compare.js');
    const card = (id, likely, details) => ({ suggestion: { item_id: id, score: 0.5,
        status: 'new', likely, details: { text_similarity: 0.4, distance_m: 6, ...details } },
        other: null });
    const item = { id: 1, status: 'new', description: 'x', photos: [], reports: [], flags: [] };
    const panel = m.comparePanel({
        detailId: 1, canAct: true, busy: false, ref: { categoryNames: new Map() },
        loadPhoto: () => {}, onPhoto: () => {}, onMerge: () => {},
        detail: { item, others: [
            card(2, true, { reasons: ['category_compatible', 'same_problem', 'near', 'item_new',
                                      'bridge', 'brand_new_code'],
                            what: ['井盖·缺失'], bridge: true }),
            card(3, false, { reasons: ['category_same', 'topic_conflict', 'near'] }),
            card(4, false, { reasons: ['category_same', 'identifier_differs', 'near'],
                             what: ['路灯'], conflict: 'identifier:building' }),
            card(5, false, { reasons: ['defect_differs'], what: ['路灯'],
                             conflict: 'defect:路灯' }),
            card(6, false, { reasons: ['number_conflict'] }),
        ] } });
    const cards = [...panel.querySelectorAll('.suggestion')];
    const ids = (els) => els.map((c) => c.dataset.other);
    return { order: ids(cards),
             unlikely: ids(cards.filter((c) => c.classList.contains('unlikely'))),
             merge: [...panel.querySelectorAll('button.merge')].map((b) => b.dataset.into),
             text: Object.fromEntries(cards.map((c) => [c.dataset.other, c.textContent])),
             heading: panel.querySelector('.unlikely-list h3').textContent };
}"""


def test_cards_open_with_their_verdict_and_only_likely_ones_merge(lab):
    got = lab.evaluate(CARDS)
    # legacy suggestions whose reasons say the topics or numbers differ (likely false since
    # migration 0005) read as not duplicates, from their own reasons
    assert got["order"] == ["2", "3", "4", "5", "6"]
    assert got["unlikely"] == ["3", "4", "5", "6"] and got["merge"] == ["2"]
    assert got["heading"] == "附近的其他问题（不是重复）"
    bridge = got["text"]["2"]
    assert "可能是同一问题" in bridge and "建议合并" in bridge and "都说：井盖缺失" in bridge
    assert "类别相近" in bridge and "其他依据" in bridge
    assert not re.search(r"[a-z]+_[a-z_]+|brand|item", bridge), bridge
    assert "不是重复：描述的不是同一类问题" in got["text"]["3"]
    assert "不是重复：楼号不同" in got["text"]["4"]
    assert "不是重复：同是路灯，但问题不同" in got["text"]["5"]
    assert "不是重复：楼号、门牌号等数字不同" in got["text"]["6"]


def _spot(area: dict, north_m: float, east_m: float = 0.0) -> tuple[float, float]:
    """A point off the seeder's grid of spots (0.004° steps), metres from one corner."""
    lat0, lon0 = area["lat"] + 0.002, area["lon"] + 0.002
    cos = 0.824  # cos(34.6°), 新郑
    return lat0 + north_m / M_PER_DEG, lon0 + east_m / (M_PER_DEG * cos)


def _page_of(seed, item_id: int, **filters) -> int | None:
    """The page (50 a page, oldest first) of the queue list that holds the item."""
    for page in range(1, 200):
        query = "&".join(f"{k}={v}" for k, v in {**filters, "sort": "created_at",
                                                 "page": page, "per_page": 50}.items())
        data = seed.call("GET", f"/api/v1/items?{query}")
        if any(it["id"] == item_id for it in data["items"]):
            return page
        if page * 50 >= data["total"]:
            return None
    return None


def test_a_trap_pair_at_one_spot_is_shown_as_not_a_duplicate(page, console_live, seed):
    area = seed.area("cadre")
    place = f"{area['name']}卫生室门口"
    texts = {"light": f"{place}路灯不亮，晚上黑", "pole": f"{place}路灯杆倾斜，快倒了",
             "again": f"{place}那盏路灯坏了，一到晚上黑乎乎的"}
    light = seed.report(texts["light"], area=area, at=_spot(area, 0), user="cadre")
    pole = seed.report(texts["pole"], area=area, at=_spot(area, 7), user="cadre2")
    again = seed.report(texts["again"], area=area, at=_spot(area, 2, 4), user="cadre3")

    # the server: the genuine second report joined the light, the pole stands alone
    lit, leaning = seed.item(light), seed.item(pole)
    assert pole != light, ("the trap report was merged into the light", leaning)
    assert again == light, ("the second light report did not join", seed.item(again))
    assert lit["report_count"] == 2 and {r["description"] for r in lit["reports"]} == {
        texts["light"], texts["again"]}
    mine = [s for s in leaning["suggestions"] if s["item_id"] == light]
    assert mine and mine[0]["likely"] is False, leaning["suggestions"]
    assert mine[0]["details"]["conflict"] == "defect:路灯", mine[0]["details"]
    assert "defect_differs" in mine[0]["details"]["reasons"], mine[0]["details"]
    assert _page_of(seed, pole, suggested="true") is None
    new_page = _page_of(seed, pole, status="new")
    assert new_page is not None

    login(page, console_live, "office")
    goto(page, "#/queue/suggested")
    expect(page.locator(".tab.current")).to_have_attribute("data-tab", "suggested")
    expect(page.locator(".split-list .queue-table, .split-list .empty")).to_have_count(1)
    expect(row(page, pole)).to_have_count(0)

    # 新上报: open the pole item; the light is listed apart as another problem, no merge
    goto(page, f"#/queue/new?page={new_page}")
    row(page, pole).locator("td.desc").click()
    panel = page.locator(f".detail[data-id='{pole}']")
    card = panel.locator(f".suggestion[data-other='{light}']")
    expect(card).to_have_class(re.compile(r"\bunlikely\b"))
    expect(card.locator(".verdict")).to_have_text("不是重复：同是路灯，但问题不同")
    expect(card.locator(".reasons")).to_contain_text("同一设施，但问题不同")
    expect(card).to_contain_text("路灯不亮")
    expect(card.locator("button.merge")).to_have_count(0)
    expect(panel.locator(".unlikely-list h3")).to_have_text("附近的其他问题（不是重复）")
    for text in panel.locator(".suggestion .reasons, .suggestion .verdict").all_inner_texts():
        assert not re.search(r"[A-Za-z_]{3,}", text), f"a raw code on screen: {text}"

    # the item's own page: the light is marked as not a duplicate and offers no merge
    goto(page, f"#/item/{pole}")
    entry = page.locator("#suggestions li.unlikely")
    expect(entry).to_have_count(1)
    expect(entry).to_contain_text(f"#{light}")
    expect(entry).to_contain_text("不是重复")
    expect(page.locator("#suggestions button")).to_have_count(0)
