"""The published words of the 月度进展 report: every figure's definition (统计口径), kept
apart from the counting in projects.py so each reads whole. Status and batch names are
those of the office's sheets (sync/project_rows.py, sync/project_cells.py)."""

_UNDEFINED = "计划总投资为 0 时无从计算，显示为“—”。"

# Every figure of a row, in the order of the tables: (field, name, what it is, formula).
FIGURES = (
    ("projects", "项目数", "截至统计日已录入民生实事台账的项目数，含已销号的。", None),
    ("planned", "未开工", "项目状态为未开工的项目数。项目状态不记变更日期，均按生成报表时的"
     "状态统计。", None),
    ("in_progress", "在建", "项目状态为在建的项目数。", None),
    ("completed", "已完工", "项目状态为已完工、尚未投入使用的项目数。", None),
    ("in_use", "已投用", "项目状态为已投入使用的项目数。", None),
    ("closed", "已销号", "经现场验收、群众认可后销号的项目数。", None),
    ("investment_total_wan", "计划总投资", "各项目登记的总投资之和，单位万元。", None),
    ("investment_done_wan", "累计完成投资", "截至统计日各项目已完成投资之和，单位万元：统计日"
     "以后没有再填报进展的项目，按现登记的数（含办公室的更正）；此后又有填报的，按统计日前最后"
     "一次填报的数；统计日前从未填报、此后才第一次填报的，按第一次填报前登记的数，即录入或"
     "导入台账时的数（含其间办公室的更正）。", None),
    ("investment_rate", "投资完成率", "累计完成投资占计划总投资的比例。" + _UNDEFINED,
     "投资完成率 = 累计完成投资 ÷ 计划总投资"),
    ("percent", "形象进度", "截至统计日项目完成的百分比，取数方法同累计完成投资。", None),
    ("updates", "本月填报", "本月（截至统计日）责任单位或办公室填报项目进展的次数。", None),
    ("updated_projects", "填报项目", "本月至少填报过一次进展的项目数。", None),
    ("investment_added_wan", "本月新增投资", "本月填报过进展的各项目已完成投资的增加额之和，"
     "单位万元：项目本月最后一次填报的已完成投资，减去上月末的累计完成投资（上月末以前没有"
     "填报过的，为本月第一次填报前登记的数）。项目第一次填报进展时，比录入或导入台账时增加的"
     "部分计入当月新增；录入时已完成的投资不算新增。本月没有填报的项目不计。",
     "本月新增投资 = Σ（本月最后一次填报的已完成投资 − 上月末的累计完成投资）"),
    ("late_milestones", "滞后节点", "计划日期早于统计日、到统计日仍未完成的节点数（节点滞后），"
     "按现行节点计划判断。", None),
    ("late_projects", "滞后项目", "至少有一个滞后节点的项目数。", None),
    ("late_days", "滞后工作日", "节点计划日期次日起至统计日的法定工作日数（含调休上班日，"
     "节假日不计）。", None),
)


def definitions() -> list[dict]:
    """统计口径: each figure's field, name, definition and formula, as the JSON gives them."""
    return [{"key": key, "term": name, "text": text, "formula": formula}
            for key, name, text, formula in FIGURES]
