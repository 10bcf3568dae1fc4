"""The deployment's duty rule (sync.duty.DutyRule) from its settings.

`ZHANGLIANG_DUTY_WEEKDAYS` (ISO weekday numbers, 1 = Monday; default 5, Friday),
`ZHANGLIANG_DUTY_MONTH_DAYS` (the first N working days of each month; default 5) and
`ZHANGLIANG_ROTATION_WEEKS` (default 4). A malformed weekday list stops the app at start
(`check`), not a request.
"""

from flask import current_app

from sync.duty import DutyRule


def parse_weekdays(text: str) -> frozenset[int]:
    """'5' or '1,5' -> Python weekdays (Monday = 0); ValueError for anything else."""
    days = set()
    for part in str(text).replace("，", ",").split(","):
        part = part.strip()
        if not part:
            continue
        n = int(part)
        if not 1 <= n <= 7:
            raise ValueError(f"weekday {n} is not 1-7")
        days.add(n - 1)
    return frozenset(days)


def rule_from(config) -> DutyRule:
    """The duty rule a settings mapping describes."""
    month_days = int(config["DUTY_MONTH_DAYS"])
    rotation = int(config["ROTATION_WEEKS"])
    if not 0 <= month_days <= 23 or rotation < 1:
        raise ValueError("DUTY_MONTH_DAYS must be 0-23 and ROTATION_WEEKS at least 1")
    return DutyRule(weekdays=parse_weekdays(config["DUTY_WEEKDAYS"]), month_days=month_days,
                    rotation_weeks=rotation)


def duty_rule() -> DutyRule:
    """The duty rule of the app handling this request, read once."""
    app = current_app
    if "zl_duty_rule" not in app.extensions:
        app.extensions["zl_duty_rule"] = rule_from(app.config)
    return app.extensions["zl_duty_rule"]


def check(app) -> None:
    """Refuse to start with a duty rule that cannot be read."""
    rule_from(app.config)
