// A plain, kubectl-like table (no box drawing) through cli-table3. cli-table3 lays out a whole
// table at once, which grows badly past a few thousand rows, so large tables are rendered in
// blocks that share the same column widths. A table of printable ASCII only (every cell one
// column a character, nothing to strip or truncate) is laid out directly: the same text,
// without cli-table3's per-cell objects (half of a large audit's time went there).
import Table from 'cli-table3';
import { shownName } from './describe.js';

const PLAIN = {
  top: '', 'top-mid': '', 'top-left': '', 'top-right': '',
  bottom: '', 'bottom-mid': '', 'bottom-left': '', 'bottom-right': '',
  left: '', 'left-mid': '', mid: '', 'mid-mid': '',
  right: '', 'right-mid': '', middle: '  ',
};
const BLOCK = 200;

export function renderWithCliTable(head: string[] | undefined, rows: string[][], colWidths?: number[]): string {
  const t = new Table({ ...(head ? { head } : {}), chars: PLAIN, style: { head: [], border: [], 'padding-left': 0, 'padding-right': 0 }, ...(colWidths ? { colWidths } : {}) });
  t.push(...rows);
  return t
    .toString()
    .split('\n')
    .map((l) => l.trimEnd())
    .join('\n');
}

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

/** cli-table3's layout for cells of printable ASCII, each row as long as the head: padded, two spaces apart. */
function renderPlain(head: string[], rows: string[][]): string | undefined {
  const widths = head.map((h) => h.length);
  for (const r of rows) {
    if (r.length !== head.length) return undefined;
    for (let i = 0; i < r.length; i++) {
      const c = r[i]!;
      if (!PRINTABLE_ASCII.test(c)) return undefined;
      if (c.length > widths[i]!) widths[i] = c.length;
    }
  }
  if (!head.every((h) => PRINTABLE_ASCII.test(h)) || widths.some((w) => w === 0)) return undefined;
  const line = (r: string[]) => {
    let out = '';
    for (let i = 0; i < r.length; i++) out += i === r.length - 1 ? r[i] : r[i]!.padEnd(widths[i]! + 2);
    return out.trimEnd();
  };
  const lines = [line(head)];
  for (const r of rows) lines.push(line(r));
  return lines.join('\n');
}

export function renderTable(head: string[], input: string[][]): string {
  // A newline or tab in a cell (a name) would forge a row or shift the columns: shown escaped.
  const rows = input.map((r) => r.map(shownName));
  const plain = renderPlain(head, rows);
  if (plain !== undefined) return plain;
  if (rows.length <= BLOCK) return renderWithCliTable(head, rows);
  const widths = head.map((h, i) => {
    let w = h.length;
    for (const r of rows) w = Math.max(w, Array.from(r[i] ?? '').length);
    return w;
  });
  const blocks = [renderWithCliTable(head, rows.slice(0, BLOCK), widths)];
  for (let i = BLOCK; i < rows.length; i += BLOCK) blocks.push(renderWithCliTable(undefined, rows.slice(i, i + BLOCK), widths));
  return blocks.join('\n');
}
