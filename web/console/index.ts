// The coordination office's console: sign in with a coordinator code (kept in sessionStorage),
// pick a period in the header, move between pages by the hash (#overview, #conflicts …).
import { useOfficeTimeZone } from '../common/format';
import { injectStyles } from '../common/styles';
import { h, clear } from '../common/dom';
import { ApiClient } from '../common/api';
import { pageSession } from '../common/signin';
import { showError } from '../common/ui';
import type { Me } from '../../shared/api/contract';
import { PENDING_BADGES } from '../../shared/cycle/labels';
import type { Ctx, Page, PendingCounts } from './context';
import { overviewPage } from './pages/overview';

const CODE_KEY = 'fengong.console.code';
const PERIOD_KEY = 'fengong.console.period';

// Every page but the overview is loaded when opened: the first load stays within its budget (tests/console/console.test.ts).
const PAGES: { id: string; label: string; page: Page }[] = [
  { id: 'overview', label: '报送概况', page: overviewPage },
  { id: 'consolidated', label: '汇总表', page: (ctx, el) => import(/* webpackChunkName: "consolidated" */ './pages/consolidated').then((m) => m.consolidatedPage(ctx, el)) },
  { id: 'conflicts', label: '冲突处理', page: (ctx, el) => import(/* webpackChunkName: "conflicts" */ './pages/conflicts').then((m) => m.conflictsPage(ctx, el)) },
  { id: 'workbooks', label: '回收工作簿', page: (ctx, el) => import(/* webpackChunkName: "workbooks" */ './pages/workbooks').then((m) => m.workbooksPage(ctx, el)) },
  { id: 'extensions', label: '延期申请', page: (ctx, el) => import(/* webpackChunkName: "extensions" */ './pages/extensions').then((m) => m.extensionsPage(ctx, el)) },
  { id: 'closures', label: '举措办结', page: (ctx, el) => import(/* webpackChunkName: "closures" */ './pages/closures').then((m) => m.closuresPage(ctx, el)) },
  { id: 'units', label: '单位与访问码', page: (ctx, el) => import(/* webpackChunkName: "units" */ './pages/units').then((m) => m.unitsPage(ctx, el)) },
  { id: 'periods', label: '填报期次', page: (ctx, el) => import(/* webpackChunkName: "periods" */ './pages/periods').then((m) => m.periodsPage(ctx, el)) },
  { id: 'plan', label: '分工方案', page: (ctx, el) => import(/* webpackChunkName: "plan" */ './pages/plan').then((m) => m.planPage(ctx, el)) },
  { id: 'print', label: '打印与导出', page: (ctx, el) => import(/* webpackChunkName: "print" */ './pages/print').then((m) => m.printPage(ctx, el)) },
];

const app = document.getElementById('app')!;
injectStyles();

const session = pageSession({
  app,
  codeKey: CODE_KEY,
  role: 'coordinator',
  title: '协调办公室 · 登录',
  hint: '请输入协调办公室的访问码。',
  refusal: '这是填报单位的访问码，请使用填报页面。',
  below: () => h('p', { class: 'muted small', style: 'text-align:center' }, '填报单位请前往 ', h('a', { href: '/fill/' }, '填报页面'), '。'),
  start,
});
const signOut = session.signOut;

async function start(code: string, me: Me): Promise<void> {
  useOfficeTimeZone(me.timeZone);
  const api = new ApiClient(() => code, '', signOut);
  const ctx: Ctx = {
    api,
    me,
    periods: [],
    plans: [],
    period: null,
    units: new Map(),
    refresh: async () => {
      await load();
      render();
    },
    unitName: (id) => ctx.units.get(id)?.name ?? id,
    pendingChanged: (counts) => {
      if (counts) return void showCounts(counts, ctx.period?.id);
      void loadCounts();
    },
  };

  // The side menu's badges: the cycle view's counts (the overview's numbers), for the chosen period.
  let counts: { periodId: string | undefined; counts: PendingCounts } | null = null;
  let countsAsked = 0;
  async function loadCounts(): Promise<void> {
    const period = ctx.period;
    const mine = ++countsAsked;
    if (!period) return showCounts(null, undefined);
    try {
      const res = await api.call('cycleCounts', { params: { periodId: period.id } });
      if (mine === countsAsked) showCounts(res.counts, period.id);
    } catch {
      if (mine === countsAsked) showCounts(null, period.id); // a badge is a hint: none rather than a stale one
    }
  }
  function showCounts(c: PendingCounts | null, periodId: string | undefined): void {
    countsAsked++; // an answer still on its way is older than these
    counts = c ? { periodId, counts: c } : null;
    drawBadges();
  }
  function drawBadges(): void {
    for (const a of nav.querySelectorAll('a[data-page]')) {
      for (const b of a.querySelectorAll('.badge')) b.remove();
      if (!counts || counts.periodId !== ctx.period?.id) continue;
      for (const b of PENDING_BADGES) {
        const n = counts.counts[b.count];
        if (b.page !== (a as HTMLElement).dataset.page || !n) continue;
        a.append(h('span', { class: `badge badge-${b.count}`, 'data-count': b.count, title: b.title(n), 'aria-label': b.title(n) }, String(n)));
      }
    }
  }

  async function load(): Promise<void> {
    const [periods, units, plans] = await Promise.all([api.call('periods'), api.call('units'), api.call('plans')]);
    ctx.periods = periods.periods;
    ctx.plans = plans.plans;
    ctx.units = new Map(units.units.map((u) => [u.id, u]));
    const wanted = sessionStorage.getItem(PERIOD_KEY);
    ctx.period =
      ctx.periods.find((p) => p.id === wanted) ??
      [...ctx.periods].reverse().find((p) => p.state === 'open') ??
      ctx.periods[ctx.periods.length - 1] ??
      null;
  }

  const main = h('main', { id: 'main' });
  const nav = h('nav', { class: 'side', 'aria-label': '页面' });
  const periodSelect = h('select', { id: 'period-select', 'aria-label': '填报期次' });
  periodSelect.addEventListener('change', () => {
    sessionStorage.setItem(PERIOD_KEY, periodSelect.value);
    ctx.period = ctx.periods.find((p) => p.id === periodSelect.value) ?? null;
    render();
  });

  clear(app);
  app.append(
    h('header', { class: 'top' },
      h('h1', {}, '分工表协同填报 · 协调办公室'),
      h('span', { class: 'spacer' }),
      h('label', {}, '期次 ', periodSelect),
      h('button', { id: 'signout', onclick: signOut }, '退出'),
    ),
    h('div', { class: 'layout' }, nav, main),
  );

  let drawing = 0;
  function render(): void {
    const id = location.hash.replace(/^#/, '') || 'overview';
    const entry = PAGES.find((p) => p.id === id) ?? PAGES[0];
    clear(periodSelect);
    for (const p of ctx.periods) {
      periodSelect.append(h('option', { value: p.id, selected: p.id === ctx.period?.id }, `${p.name}${p.state === 'closed' ? '（已关闭）' : ''}`));
    }
    clear(nav);
    for (const p of PAGES) nav.append(h('a', { href: `#${p.id}`, class: p === entry ? 'active' : '', 'data-page': p.id }, p.label));
    drawBadges();
    if (entry.id !== 'overview') void loadCounts(); // the overview hands over the counts it loads
    clear(main);
    main.append(h('div', { class: 'muted' }, '正在加载…'));
    const mine = ++drawing;
    const holder = h('div', { id: `page-${entry.id}` });
    entry
      .page(ctx, holder)
      .catch((err) => showError(err, holder))
      .finally(() => {
        if (mine !== drawing) return; // a newer page was chosen meanwhile
        clear(main);
        main.append(holder);
        main.dataset.ready = entry.id;
      });
    main.dataset.ready = '';
  }

  window.addEventListener('hashchange', render);
  try {
    await load();
  } catch (err) {
    showError(err, main);
    return;
  }
  render();
}

void session.boot();
