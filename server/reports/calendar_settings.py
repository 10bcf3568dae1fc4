"""The working-day calendar as the console's deadline picker needs it.

The console offers deadlines of 5, 10 or 20 working days and shows the date they give
with its weekday before anything is sent. It counts on the same calendar as the server
(`server/reports/calendar.py`): this module hands it the exceptions to Monday-to-Friday
from last year on (weekday holidays, weekend make-up days) and the years the calendar
knows, in the page's settings, so the preview and the server's deadline agree.
"""

from datetime import date

from server.reports.calendar import calendar_for


def calendar_settings(app, today: date | None = None) -> dict:
    """{"holidays", "workdays", "years"}: ISO dates and years, for the console page."""
    cal = calendar_for(app)
    since = date((today or date.today()).year - 1, 1, 1)
    return {
        "holidays": sorted(d.isoformat() for d in cal.holidays if d >= since and d.weekday() < 5),
        "workdays": sorted(d.isoformat() for d in cal.workdays if d >= since and d.weekday() >= 5),
        "years": sorted(y for y in cal.years if y >= since.year),
    }
