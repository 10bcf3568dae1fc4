"""The published words of the 评价考核 report: its formula, its rules and every figure's
definition (统计口径), kept apart from the counting in cadres.py so each reads whole.
"""

# (rate, weight, name on the page)
WEIGHTS = (("attendance_rate", 50, "到岗率"), ("coverage_rate", 30, "覆盖率"),
           ("acceptance_rate", 20, "上报采纳率"))
FORMULA = "得分 = 到岗率×50 + 覆盖率×30 + 上报采纳率×20"
_UNDEFINED = "分母为 0 时无从计算，显示为“—”，该项计 0 分。"
_LISTED = "只列示，不计分。"

RULES = (
    "到岗率 = 到岗天数 ÷ 应到岗天数。丈量日和到岗的认定与丈量情况报表相同：丈量日当天（以手机"
    "时间计）在本人分包区域范围内签到即为到岗，同一天多次签到只算一天。",
    "覆盖率 = 本期已丈量的分包区域数 ÷ 分包区域数。",
    "上报采纳率 = 采纳数 ÷ 本期上报数。上报所在的台账条目未被“不予受理”的即为采纳；被合并的"
    "上报随合并后的条目计算；尚待交办的暂按采纳计，另列待交办数。",
    "分母为 0 的比率（如截至统计日还没有丈量日，或本期没有上报）显示为“—”，该项计 0 分。",
    "各比率保留四位小数（百分数两位），各项得分保留两位小数，得分为三项得分之和，满分 100 分。",
    "得分相同时，依次比较到岗率、覆盖率、上报采纳率，高者在前；三项均相同的并列同一名次。",
    "销号条目数、无效签到次数只列示，不计分。",
)


def rules(min_sample: int) -> list[str]:
    """计分办法, ending with how townships and units are pooled and when they are ranked."""
    return [*RULES, "乡镇（街道）和单位的各项数据为其干部数据之和，比率和得分按合计数用同一公式"
            f"计算；干部少于 {min_sample} 人的列为“样本不足”，不计得分、不参加排名。"]


# Every figure of a row, in the order of the table: (field, name, what it is, formula).
FIGURES = (
    ("days_expected", "应到岗天数", "本期截至统计日的丈量日天数：每周固定丈量日（默认周五）"
     "和每月前几个工作日（丈量周，默认前 5 个），均按国家法定工作日历（含调休上班日，节假日"
     "不计）。乡镇（街道）、单位为其干部应到岗天数之和（人次）。", None),
    ("days_out", "到岗天数", "丈量日当天（以手机时间计）在本人分包区域范围内（半径加定位误差）"
     "至少签到一次的天数；同一天多次签到只算一天。", None),
    ("areas_assigned", "分包区域", "干部分包的在用、有中心位置的区域数。", None),
    ("areas_covered", "已丈量区域", "本期在区域范围内有效签到过的本人分包区域数。", None),
    ("outside_checkins", "无效签到", "本期不计到岗的签到次数：超出区域范围的，或不在本人分包"
     "区域的。" + _LISTED, None),
    ("reports", "上报数", "本期（按手机记录时间）上报的问题数。", None),
    ("reports_accepted", "采纳数", "本期上报中，所在台账条目未被“不予受理”的上报数；被合并的"
     "上报按合并后的条目计；尚待交办的暂计为采纳。", None),
    ("reports_rejected", "不予受理数", "本期上报中，所在条目被“不予受理”的上报数。", None),
    ("reports_pending", "待交办数", "采纳数中，所在条目尚待办公室交办的上报数。", None),
    ("items_closed", "销号条目", "含有该干部上报、在本期现场验收销号的台账条目数，同一条目只计"
     "一次；乡镇（街道）、单位为其干部之和。" + _LISTED, None),
    ("attendance_rate", "到岗率", "应到岗的丈量日中实际到岗的比例；截至统计日还没有丈量日的，"
     + _UNDEFINED, "到岗率 = 到岗天数 ÷ 应到岗天数"),
    ("coverage_rate", "覆盖率", "分包区域中本期已丈量的比例；没有分包区域的，" + _UNDEFINED,
     "覆盖率 = 已丈量区域 ÷ 分包区域"),
    ("acceptance_rate", "上报采纳率", "本期上报中被采纳的比例；本期没有上报的，" + _UNDEFINED,
     "上报采纳率 = 采纳数 ÷ 上报数"),
    ("points", "各项得分", "各比率乘以其权重，保留两位小数。",
     "各项得分 = 比率 × 权重（到岗率 50、覆盖率 30、上报采纳率 20）"),
    ("score", "得分", "三项得分之和，满分 100 分。", FORMULA),
)


def definitions(min_sample: int) -> list[dict]:
    """统计口径: each figure's field, name, definition and formula, as the JSON gives them."""
    out = [{"key": key, "term": name, "text": text, "formula": formula}
           for key, name, text, formula in FIGURES]
    out[-1]["text"] += (f"干部少于 {min_sample} 人的乡镇（街道）、单位样本不足，不计得分、"
                        "不参加排名。")
    return out
