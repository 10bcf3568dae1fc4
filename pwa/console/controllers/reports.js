// controllers/reports.js — 周通报 / 月督导 / 季排名 / 干部评价 / 月度进展: the period from the address
// (default: the current one), the JSON numbers, the printable page for the preview
// frame and the workbook download.

import { reportsView, KINDS } from '../views/reports.js';
import { build } from '../lib/route.js';
import { isoWeek, monthOf, quarterOf } from '../lib/format.js';

const DEFAULT = { weekly: isoWeek, monthly: monthOf, ranking: quarterOf, cadres: monthOf, projects: monthOf };

export async function show(ctx, r) {
  const render = ctx.renderer();
  const kind = KINDS.includes(r.sub) ? r.sub : 'weekly';
  const period = r.params.get('period') || DEFAULT[kind](ctx.today());
  const props = {
    kind, period, today: ctx.today(), report: null, page: '', error: '', busy: false,
    onPeriod: (value) => ctx.go(build('reports', kind, { period: value })),
    onRetry: () => load(),
    onPreview: async () => {
      props.busy = true;
      draw();
      try {
        props.page = await ctx.api.reportPage(kind, period);
      } catch (err) {
        ctx.toast(ctx.errorText(err), 'error');
      }
      props.busy = false;
      draw();
    },
    onWorkbook: async () => {
      try {
        ctx.download(await ctx.api.reportWorkbook(kind, period));
      } catch (err) {
        ctx.toast(ctx.errorText(err), 'error');
      }
    },
  };
  const draw = () => render(reportsView(props));
  async function load() {
    try {
      props.report = await ctx.api.report(kind, period);
      props.error = '';
    } catch (err) {
      props.error = ctx.errorText(err);
    }
    draw();
  }
  draw();
  await load();
}
