// tabs.js — the two halves of the public page as tabs: 问题整改 (the ledger's accepted
// problems) and 民生实事 (the projects). Plain links to each list's address; the
// controller opens them in place.

import { h } from '../dom.js';
import { t } from '../i18n/t.js';
import { TABS } from '../route.js';

// The tab bar with `current` marked; hrefOf(tab) is each list's address.
export function tabsView(current, hrefOf) {
  return h('div', { class: 'tab-row', role: 'list' }, TABS.map((tab) => h('a', {
    class: tab === current ? 'tab on' : 'tab', href: hrefOf(tab), role: 'listitem',
    'aria-current': tab === current ? 'page' : null, dataset: { nav: 'tab', tab } },
  t(`tabs.${tab}`))));
}
