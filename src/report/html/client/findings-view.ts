/// <reference lib="dom" />
// Every audit finding, in a table one can filter (severity, check, text, excluded ones too),
// sort (click a column) and page through; the counts by severity follow the filter.
import { SEVERITIES, type FindingRow } from '../types.js';
import { $, clear, el } from './dom.js';

const PAGE = 100;
const COLUMNS = ['Severity', 'Check', 'Finding', 'Who', 'Scope', 'Via'];
const rank = (s: string) => { const i = SEVERITIES.indexOf(s); return i < 0 ? SEVERITIES.length : i; };

export function findingsView(rows: FindingRow[]): void {
  // No findings (or --no-audit): the overview says so, and there is no table to drive.
  if (!rows.length) return;
  const state = { severity: new Set<string>(), check: '', text: '', excluded: false, sort: 0, desc: false, shown: PAGE };
  const checks = [...new Set(rows.map((r) => r[1]))].sort();
  const select = $('findings-check') as HTMLSelectElement;
  select.append(...checks.map((c) => el('option', { value: c, text: c })));
  const excludedCount = rows.filter((r) => r[7] !== 0).length;
  const excludedBox = $('findings-excluded') as HTMLInputElement;
  if (!excludedCount) excludedBox.parentElement!.hidden = true;
  const key = (r: FindingRow, col: number): string | number => (col === 0 ? rank(r[0]) : (r[col] as string).toLowerCase());

  const render = () => {
    const q = state.text.trim().toLowerCase();
    const pool = rows.filter((r) => (state.excluded || !r[7]) && (!state.check || r[1] === state.check) && (!q || r.slice(1, 7).join('\u0000').toLowerCase().includes(q)));
    const counts = new Map<string, number>();
    for (const r of pool) counts.set(r[0], (counts.get(r[0]) ?? 0) + 1);
    const shown = state.severity.size ? pool.filter((r) => state.severity.has(r[0])) : pool;
    const dir = state.desc ? -1 : 1;
    const sorted = shown.map((r, i) => [r, i] as const).sort(([a, i], [b, j]) => { const x = key(a, state.sort), y = key(b, state.sort); return (x < y ? -dir : x > y ? dir : 0) || rank(a[0]) - rank(b[0]) || i - j; });
    clear($('findings-severity')).append(...SEVERITIES.map((s) => el('button', { type: 'button', class: `tile sev-${s}${state.severity.has(s) ? ' on' : ''}`, 'data-severity': s, 'aria-pressed': String(state.severity.has(s)), onclick: () => { if (state.severity.has(s)) state.severity.delete(s); else state.severity.add(s); state.shown = PAGE; render(); } }, [el('b', { text: String(counts.get(s) ?? 0) }), el('span', { text: s })])));
    const head = el('tr', null, COLUMNS.map((c, i) => el('th', { 'aria-sort': state.sort === i ? (state.desc ? 'descending' : 'ascending') : 'none' }, [el('button', { type: 'button', class: 'link', 'data-sort': String(i), text: c + (state.sort === i ? (state.desc ? ' \u25bc' : ' \u25b2') : ''), onclick: () => { state.desc = state.sort === i ? !state.desc : false; state.sort = i; render(); } })])));
    const body = sorted.slice(0, state.shown).map(([r]) => el('tr', { 'data-check': r[1], 'data-severity': r[0] }, [
      el('td', null, [el('span', { class: `sev sev-${r[0]}`, text: r[0] }), r[7] ? el('div', { class: 'muted', text: r[7] === 1 ? 'excluded' : 'implied' }) : null]),
      el('td', { text: r[1] }),
      el('td', null, [r[2], r[5] ? el('div', { class: 'muted', text: r[5] }) : null]),
      el('td', { text: r[3] }), el('td', { text: r[4] }), el('td', { text: r[6] }),
    ]));
    clear($('findings-table')).append(el('thead', null, [head]), el('tbody', null, body));
    const total = rows.length - excludedCount;
    $('findings-count').textContent = `${Math.min(state.shown, sorted.length)} of ${sorted.length} shown; ${total} finding(s) in all${excludedCount ? `, and ${excludedCount} excluded (the checks' own exclusions) or implied by a cluster-admin-equivalent finding` : ''}`;
    const more = $('findings-more') as HTMLButtonElement;
    more.hidden = sorted.length <= state.shown;
    more.textContent = `Show ${Math.min(PAGE * 5, sorted.length - state.shown)} more`;
    ($('findings-all') as HTMLButtonElement).hidden = sorted.length <= state.shown;
  };
  select.addEventListener('change', () => { state.check = select.value; state.shown = PAGE; render(); });
  $('findings-filter').addEventListener('input', (e) => { state.text = (e.target as HTMLInputElement).value; state.shown = PAGE; render(); });
  excludedBox.addEventListener('change', () => { state.excluded = excludedBox.checked; render(); });
  $('findings-more').addEventListener('click', () => { state.shown += PAGE * 5; render(); });
  $('findings-all').addEventListener('click', () => { state.shown = Infinity; render(); });
  render();
}
