// controllers/feedback.js — the 群众评议 page: the filters and page from the address
// (#/feedback?rating=&after_close=&item_id=&page=&per_page=), one page of ratings, a
// new search or page by a new address. Renders through views/feedback.js only.

import { feedbackView, SPEC, RATINGS } from '../views/feedback.js';
import { read, build } from '../lib/route.js';

const PER_PAGE = 50;

/** The filters the address holds, with only the values the API takes. */
function filtersOf(params) {
  const f = read(params, SPEC);
  if (f.rating && !RATINGS.includes(f.rating)) delete f.rating;
  if (f.after_close && !['true', 'false'].includes(f.after_close)) delete f.after_close;
  f.per_page = Math.min(f.per_page || PER_PAGE, 200);
  return f;
}

export async function show(ctx, r) {
  const render = ctx.renderer();
  const filters = filtersOf(r.params);
  const props = {
    filters, data: null, error: '',
    onSearch: (values) => ctx.go(build('feedback', '', { ...values, per_page: r.params.get('per_page'), page: 1 })),
    onReset: () => ctx.go('#/feedback'),
    onPage: (page) => ctx.go(build('feedback', '', { ...filters, page })),
    onRetry: () => ctx.go(location.hash),
  };
  render(feedbackView(props));
  try {
    props.data = await ctx.api.listFeedback(filters);
  } catch (err) {
    props.error = ctx.errorText(err);
  }
  render(feedbackView(props));
}
