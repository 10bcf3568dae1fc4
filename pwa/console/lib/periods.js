// periods.js — the five forms of a 干部评价 period and the query key each goes under
// (month 2026-11, bimonth 2026-B6 = Nov-Dec, quarter 2026-Q4, half 2026-H2, year 2026).
// Pure functions over strings: the picker splits and joins them, api.js names the key.

export const FORMS = ['month', 'bimonth', 'quarter', 'half', 'year'];
// How many parts a year has in each form, and how many months each part spans.
export const PARTS = { month: 12, bimonth: 6, quarter: 4, half: 2, year: 0 };
const SPAN = { month: 1, bimonth: 2, quarter: 3, half: 6, year: 12 };
const PATTERN = {
  month: /^(\d{4})-(\d{2})$/, bimonth: /^(\d{4})-B(\d)$/, quarter: /^(\d{4})-Q(\d)$/,
  half: /^(\d{4})-H(\d)$/, year: /^(\d{4})$/,
};
const MARK = { bimonth: 'B', quarter: 'Q', half: 'H' };

/** {form, year, part} of a period string, or null when it has none of the five forms. */
export function splitPeriod(period) {
  for (const form of FORMS) {
    const m = PATTERN[form].exec(String(period || ''));
    if (!m) continue;
    const part = form === 'year' ? 0 : Number(m[2]);
    if (form !== 'year' && (part < 1 || part > PARTS[form])) return null;
    return { form, year: Number(m[1]), part };
  }
  return null;
}

/** The period string of a form, a year and a part (1-based; ignored for a year). */
export function joinPeriod(form, year, part) {
  if (form === 'year') return String(year);
  if (form === 'month') return `${year}-${String(part).padStart(2, '0')}`;
  return `${year}-${MARK[form]}${part}`;
}

/** The query key a period goes under (month, bimonth, quarter, half, year), or null. */
export function periodForm(period) {
  const p = splitPeriod(period);
  return p ? p.form : null;
}

/** The first and last month (1-12) of a part of a form. */
export function monthsOf(form, part) {
  if (form === 'year') return [1, 12];
  return [(part - 1) * SPAN[form] + 1, part * SPAN[form]];
}

/** The part of `form` that holds month `month` (1-12); 0 for a year. */
export const partOfMonth = (form, month) => (form === 'year' ? 0 : Math.ceil(month / SPAN[form]));
