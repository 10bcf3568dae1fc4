// workdays.js — working-day deadlines in the browser, counted on the server's own
// calendar (the page's settings, from server/reports/calendar_settings.py): Monday to
// Friday, less the holidays that fall on weekdays, plus the weekend make-up days. The
// same rule as sync/workdays.py `add_working_days`, so the date shown before 交办 is
// the date the server sets. Pure functions over ISO dates, no DOM.

let calendar = { holidays: new Set(), workdays: new Set(), years: new Set() };

export function setCalendar(settings) {
  const c = settings || {};
  calendar = { holidays: new Set(c.holidays || []), workdays: new Set(c.workdays || []),
    years: new Set((c.years || []).map(Number)) };
}

// 0 = Sunday … 6 = Saturday, of an ISO date (calendar arithmetic, no time zone involved).
export const weekdayIndex = (iso) => new Date(`${iso}T00:00:00Z`).getUTCDay();

function nextDay(iso) {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

export function isWorkday(iso) {
  if (calendar.workdays.has(iso)) return true;
  const wd = weekdayIndex(iso);
  return wd >= 1 && wd <= 5 && !calendar.holidays.has(iso);
}

// The day on which the n-th working day after `start` falls (start itself not counted).
export function addWorkingDays(start, n) {
  let day = start;
  for (let left = n; left > 0;) {
    day = nextDay(day);
    if (isWorkday(day)) left -= 1;
  }
  return day;
}

// Whether the calendar knows the holidays of the date's year (else Monday to Friday only).
export const covers = (iso) => calendar.years.has(Number(String(iso).slice(0, 4)));
