// project.js — 项目详情, one of the unit's 民生实事 projects as the phone keeps it: name,
// status, 领导领办 and 节点滞后, batch, aspect, unit, leader of a leader-led project, the
// planned dates, 形象进度, investment done of the total (and why it is above, when it is),
// the milestones planned backwards with each one's date and whether it is done or late,
// this phone's own progress records about it (a refused one with the reason and a way to
// remove it by hand), the 填报进展 form, and the progress reported so far, newest first,
// with its photos. The page is rebuilt only when its data changes, so a GPS fix never
// disturbs the form being filled in.

import { h, replace } from './dom.js';
import { t } from '../i18n/t.js';
import { dateText, dateTime } from '../util/basics.js';
import { batchWord, isLate, wan } from '../util/progress.js';
import { recordChip } from './itemparts.js';
import { investmentText, percentBar, progressWhy, projectChips } from './projects.js';

function fact(label, value, cls) {
  return value == null || value === '' ? [] : [h('dt', {}, label), h('dd', { class: cls }, value)];
}

function facts(p, cats) {
  const f = (key) => t(`projects.facts.${key}`);
  return h('dl', { class: 'facts' },
    fact(f('batch'), p.batch ? batchWord(p.batch) : null),
    fact(f('category'), cats.get(p.category) || p.category),
    fact(f('unit'), p.unit_name),
    p.leader_led ? fact(f('leader'), p.leader, 'project-leader') : [],
    fact(f('start'), p.start ? dateText(p.start) : null),
    fact(f('due'), p.due ? dateText(p.due) : null),
    fact(f('overBudget'), p.over_budget_reason));
}

function milestones(list, today) {
  if (!list?.length) return null;
  const sorted = [...list].sort((a, b) => (a.position ?? 0) - (b.position ?? 0));
  return [h('h2', { class: 'section' }, t('projects.milestones')),
    h('ol', { class: 'list milestones' }, sorted.map((m) => {
      const late = isLate(m, today);
      return h('li', { class: `card milestone${late ? ' late' : ''}`, 'data-due': m.due,
        'data-late': late ? '1' : null },
      h('div', { class: 'record-head' }, h('strong', {}, m.name),
        m.done_on ? h('span', { class: 'chip status-closed' }, t('projects.milestoneDone',
          { date: dateText(m.done_on) })) : null,
        late ? h('span', { class: 'chip danger' }, t('projects.milestoneLate')) : null),
      h('p', { class: late ? 'error' : 'muted' }, t('projects.milestoneDue', { date: dateText(m.due) })));
    }))];
}

function gallery(shas, photoUrl) {
  return h('ul', { class: 'gallery', 'data-kind': 'progress' }, shas.map((sha) => {
    const img = h('img', { alt: '', width: 96, height: 96, 'data-sha': sha });
    const tile = h('li', {}, img);
    const missing = () => {
      if (tile.classList.contains('no-preview')) return;
      tile.classList.add('no-preview');
      tile.append(h('span', { class: 'no-preview-text' }, t('item.noPreview')));
    };
    img.addEventListener('error', missing);
    photoUrl(sha).then((url) => { if (url) img.src = url; else missing(); });
    return tile;
  }));
}

function history(updates, photoUrl) {
  return [h('h2', { class: 'section' }, t('projects.history')), updates?.length
    ? h('ol', { class: 'history progress-history' }, updates.map((u) => h('li', { 'data-progress': u.id },
      h('p', { class: 'event-line' }, u.text),
      h('p', { class: 'muted' }, t('projects.historyLine', { percent: u.percent,
        done: wan(u.investment_done_wan) })),
      h('p', { class: 'muted' }, t('projects.by', { name: u.user_name || '', time: dateTime(u.at) })),
      u.photos?.length ? gallery(u.photos, photoUrl) : null)))
    : h('p', { class: 'muted' }, t('projects.historyNone'))];
}

export function createProjectView(actions) {
  const back = h('button', { type: 'button', class: 'btn ghost back', onclick: () => actions.onBack() },
    `← ${t('projects.back')}`);
  const head = h('div', { class: 'record-head' });
  const notice = h('p', { class: 'notice', id: 'project-notice', role: 'status' });
  const body = h('div', { class: 'project-body' });
  const local = h('div', { class: 'project-records' });
  const formNote = h('p', { class: 'ok', id: 'project-form-note', hidden: true });
  const holder = h('div', { class: 'project-form' });
  const slot = h('div', { class: 'project-action' }, formNote, holder);
  const past = h('div', { class: 'project-history' });
  const el = h('section', { class: 'screen project-screen' }, back, head, notice, body, local, slot, past);
  let key = '';
  let shown = null;

  function renderRecords(records) {
    replace(local, records.length ? [h('h2', { class: 'section' }, t('projects.local')),
      h('ul', { class: 'list' }, [...records].reverse().map((r) => h('li', {
        class: `card record state-${r.state}`, 'data-id': r.id, 'data-state': r.state },
      h('div', { class: 'record-head' }, h('strong', {}, t('records.progress')), recordChip(r)),
      h('p', { class: 'muted' }, [dateTime(r.createdAt), r.payload?.percent != null
        ? t('projects.percent', { n: r.payload.percent }) : ''].filter(Boolean).join(' · ')),
      r.state === 'rejected' ? [
        h('p', { class: 'error reason' }, progressWhy(r)),
        h('button', { type: 'button', class: 'btn danger', onclick: () => actions.onDiscard(r.id) },
          t('records.discard'))] : null)))] : []);
  }

  return {
    el,
    // s: { id, project (as it stands), me, today, online, records, form, formNote, missing }
    update(s) {
      const p = s.project;
      const next = JSON.stringify([s.id, p?.fetchedAt, p?.percent, p?.investment_done_wan,
        p?.unsynced, s.online, s.today, s.records.map((r) => [r.id, r.state]), s.formNote,
        Boolean(s.form)]);
      if (next === key && shown === s.form) return;
      key = next;
      shown = s.form;
      notice.textContent = !p ? t(s.missing ? 'projects.notFound' : 'projects.notKept')
        : (!s.online && p.fetchedAt ? t('projects.keptAt', { time: dateTime(p.fetchedAt) }) : '');
      replace(head, p ? projectChips(p, s.today) : null);
      const cats = new Map((s.me?.categories || []).map((c) => [c.code, c.name]));
      replace(body, p ? [h('p', { class: 'big-text project-name', id: 'project-name' }, h('strong', {}, p.name)),
        percentBar(p), h('p', { class: 'investment muted' }, investmentText(p)),
        p.unsynced ? h('p', { class: 'warn unsynced' }, t('projects.mineUnsynced')) : null,
        facts(p, cats), milestones(p.milestones, s.today)] : null);
      renderRecords(s.records);
      formNote.textContent = s.formNote || '';
      formNote.hidden = !s.formNote;
      if (holder.firstChild !== (s.form || null)) replace(holder, s.form || null);
      replace(past, p ? history(p.progress, actions.photoUrl) : null);
    },
  };
}
