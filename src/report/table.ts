// A plain, kubectl-like table (no box drawing) through cli-table3. cli-table3 lays out a whole
// table at once, which grows badly past a few thousand rows, so large tables are rendered in
// blocks that share the same column widths.
import Table from 'cli-table3';
import { shownName } from './describe.js';

const PLAIN = {
  top: '', 'top-mid': '', 'top-left': '', 'top-right': '',
  bottom: '', 'bottom-mid': '', 'bottom-left': '', 'bottom-right': '',
  left: '', 'left-mid': '', mid: '', 'mid-mid': '',
  right: '', 'right-mid': '', middle: '  ',
};
const BLOCK = 200;

function render(head: string[] | undefined, rows: string[][], colWidths?: number[]): string {
  const t = new Table({ ...(head ? { head } : {}), chars: PLAIN, style: { head: [], border: [], 'padding-left': 0, 'padding-right': 0 }, ...(colWidths ? { colWidths } : {}) });
  t.push(...rows);
  return t
    .toString()
    .split('\n')
    .map((l) => l.trimEnd())
    .join('\n');
}

export function renderTable(head: string[], input: string[][]): string {
  // A newline or tab in a cell (a name) would forge a row or shift the columns: shown escaped.
  const rows = input.map((r) => r.map(shownName));
  if (rows.length <= BLOCK) return render(head, rows);
  const widths = head.map((h, i) => {
    let w = h.length;
    for (const r of rows) w = Math.max(w, Array.from(r[i] ?? '').length);
    return w;
  });
  const blocks = [render(head, rows.slice(0, BLOCK), widths)];
  for (let i = BLOCK; i < rows.length; i += BLOCK) blocks.push(render(undefined, rows.slice(i, i + BLOCK), widths));
  return blocks.join('\n');
}
