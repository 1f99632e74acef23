// A sortable table: columns say how to show and how to compare a row.
import { h, clear } from './dom';

export interface Column<T> {
  label: string;
  value: (row: T) => string | number | boolean | null;
  render?: (row: T) => Node | string;
  num?: boolean;
  sortable?: boolean;
}

export function sortableTable<T>(columns: Column<T>[], rows: T[], opts: { initial?: number; desc?: boolean; id?: string; rowKey?: (row: T) => string } = {}): HTMLTableElement {
  const table = h('table', { class: 'data', id: opts.id ?? null });
  let sortCol = opts.initial ?? -1;
  let desc = opts.desc ?? false;
  const tbody = h('tbody');
  const ths = columns.map((c, i) =>
    h('th', {
      class: c.sortable === false ? '' : 'sortable',
      onclick: () => {
        if (c.sortable === false) return;
        desc = sortCol === i ? !desc : false;
        sortCol = i;
        draw();
      },
    }, c.label),
  );
  table.append(h('thead', {}, h('tr', {}, ths)), tbody);
  function draw() {
    ths.forEach((th, i) => {
      th.classList.toggle('sorted-asc', i === sortCol && !desc);
      th.classList.toggle('sorted-desc', i === sortCol && desc);
    });
    const sorted = [...rows];
    if (sortCol >= 0) {
      const col = columns[sortCol];
      sorted.sort((a, b) => compare(col.value(a), col.value(b)) * (desc ? -1 : 1));
    }
    clear(tbody);
    for (const r of sorted) tbody.append(h('tr', { 'data-key': opts.rowKey ? opts.rowKey(r) : null }, columns.map((c) => h('td', { class: c.num ? 'num' : '' }, c.render ? c.render(r) : String(c.value(r) ?? '')))));
  }
  draw();
  return table;
}

function compare(a: string | number | boolean | null, b: string | number | boolean | null): number {
  if (a === b) return 0;
  if (a === null || a === '') return 1; // empty last
  if (b === null || b === '') return -1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'boolean' && typeof b === 'boolean') return a ? 1 : -1;
  return String(a).localeCompare(String(b), 'zh-Hans-CN', { numeric: true });
}
