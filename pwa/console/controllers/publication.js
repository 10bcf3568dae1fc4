// controllers/publication.js — what the item page adds for the office, supervisors and
// admins: its publication (公开) and its 群众评议, loaded beside the item; the office's
// edit of the public text and 不公开 switch (PATCH, the answer redrawn: the server's
// redacted text), and the 公示牌 as a page for the print frame or as a PDF download.

import { RATINGS } from '../views/feedback.js';

const LISTED = 50;

/** A refusal of a publication change in words: its own texts first, then the shared ones. */
function refusal(ctx, err) {
  const own = ctx.t(`publication.errors.${err.code}`);
  return own === `publication.errors.${err.code}` ? ctx.errorText(err) : own;
}

/** The item's latest ratings and the counts per rating (counted by the API past one page). */
async function loadFeedback(api, id) {
  const page = await api.listFeedback({ item_id: id, per_page: LISTED });
  const counts = Object.fromEntries(RATINGS.map((r) => [r, 0]));
  if (page.total <= page.feedback.length) {
    for (const row of page.feedback) counts[row.rating] += 1;
  } else {
    const totals = await Promise.all(RATINGS.map((rating) =>
      api.listFeedback({ item_id: id, rating, per_page: 1 }).then((x) => x.total)));
    RATINGS.forEach((r, i) => { counts[r] = totals[i]; });
  }
  return { rows: page.feedback, total: page.total, counts };
}

/** Wire the item page's props for publication and feedback; answers load(). */
export function attach(ctx, id, props, draw) {
  const readers = ['office', 'supervisor', 'admin'].some((r) => ctx.has(r));
  Object.assign(props, { canReadPub: readers, canEditPub: ctx.has('office'),
    canPlacard: ctx.has('office') || ctx.has('admin'), pub: null, feedback: null, placard: '' });
  if (!readers) return async () => {};
  props.onPublication = async (body, which) => {
    props.pubBusy = true;
    props.pubFailed = null;
    draw();
    try {
      props.pub = await ctx.api.setPublication(id, body);
      props.placard = '';
      ctx.toast(ctx.t(`publication.done.${which}`));
      props.item = await ctx.api.getItem(id); // the timeline's new publication event
    } catch (err) {
      const text = refusal(ctx, err);
      props.pubFailed = { which, body, text };
      ctx.toast(text, 'error');
    }
    props.pubBusy = false;
    draw();
  };
  props.onPlacard = async () => {
    props.pubBusy = true;
    draw();
    try {
      props.placard = await ctx.api.placardPage(id);
    } catch (err) {
      ctx.toast(refusal(ctx, err), 'error');
    }
    props.pubBusy = false;
    draw();
  };
  props.onPlacardPdf = async () => {
    try {
      const file = await ctx.api.placardPdf(id);
      ctx.download({ ...file, filename: ctx.t('publication.placardName', { id }) });
    } catch (err) {
      ctx.toast(refusal(ctx, err), 'error');
    }
  };
  return async function load() {
    const [pub, feedback] = await Promise.allSettled([ctx.api.publication(id), loadFeedback(ctx.api, id)]);
    props.pub = pub.status === 'fulfilled' ? pub.value : null;
    props.pubError = pub.status === 'rejected' ? refusal(ctx, pub.reason) : '';
    props.feedback = feedback.status === 'fulfilled' ? feedback.value : null;
    props.feedbackError = feedback.status === 'rejected' ? ctx.errorText(feedback.reason) : '';
    draw();
  };
}
