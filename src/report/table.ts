// A plain, kubectl-like table (no box drawing) through cli-table3. With a known width (a terminal,
// or COLUMNS) a table wider than it gets column widths that fit, and cli-table3 wraps long cells
// at spaces; a column is never narrower than its longest word, so nothing is ever cut (a table of
// unbreakable words may stay wider than the screen). Without a width (piped) nothing wraps.
// cli-table3 lays out a whole table at once, which grows badly past a few thousand rows, so large
// tables are rendered in blocks that share the same column widths.
// A table of printable ASCII that needs no wrapping and no colour (every cell one column a
// character) is laid out directly: the same text, without cli-table3's per-cell objects (half
// of a large audit's time went there).
import Table from 'cli-table3';
import { shownName } from './describe.js';
import { paint, type Display, type Hue } from './display.js';

const PLAIN = {
  top: '', 'top-mid': '', 'top-left': '', 'top-right': '',
  bottom: '', 'bottom-mid': '', 'bottom-left': '', 'bottom-right': '',
  left: '', 'left-mid': '', mid: '', 'mid-mid': '',
  right: '', 'right-mid': '', middle: '  ',
};
const GAP = 2;
const BLOCK = 200;
// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*m/g;

const len = (s: string) => Array.from(s.replace(ANSI, '')).length;
const longestWordOf = (s: string) => s.split(/\s+/).reduce((m, w) => Math.max(m, len(w)), 0);

function render(head: string[] | undefined, rows: string[][], colWidths: number[] | undefined, wrap: boolean): string {
  const t = new Table({
    ...(head ? { head } : {}),
    chars: PLAIN,
    style: { head: [], border: [], 'padding-left': 0, 'padding-right': 0 },
    ...(colWidths ? { colWidths } : {}),
    ...(wrap ? { wordWrap: true, wrapOnWordBoundary: true } : {}),
  });
  t.push(...rows);
  return t
    .toString()
    .split('\n')
    .map((l) => l.trimEnd())
    .join('\n');
}

/** cli-table3's own layout, never wrapped (the reference the direct layout must equal). */
export function renderWithCliTable(head: string[] | undefined, rows: string[][], colWidths?: number[]): string {
  return render(head, rows, colWidths, false);
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

/** Column widths that fit `width`: every column gets its longest word, then the rest is shared out evenly (max-min fair) up to each column's natural width. */
export function fitWidths(natural: readonly number[], minimum: readonly number[], width: number): number[] {
  const available = width - GAP * (natural.length - 1);
  const w = natural.map((n, i) => Math.min(n, minimum[i]!));
  let spare = available - w.reduce((a, b) => a + b, 0);
  for (;;) {
    const open = w.map((x, i) => i).filter((i) => w[i]! < natural[i]!);
    if (spare <= 0 || open.length === 0) return w;
    const share = Math.max(1, Math.floor(spare / open.length));
    for (const i of open) {
      const add = Math.min(share, natural[i]! - w[i]!, spare);
      w[i]! += add;
      spare -= add;
      if (spare <= 0) break;
    }
  }
}

/** Picks a colour for a cell (severity, yes/no); applied after escaping, only when colour is on. */
export type CellHue = (row: number, column: number, text: string) => Hue | undefined;

export function renderTable(head: string[], input: string[][], display?: Display, hue?: CellHue): string {
  // A newline or tab in a cell (a name) would forge a row or shift the columns: shown escaped.
  let rows = input.map((r) => r.map(shownName));
  const painted = display?.color === true && hue !== undefined;
  // Measured only when a width is known: piped output never wraps, and most tables take the direct layout.
  let m = display?.width !== undefined ? measure(head, rows) : undefined;
  const wrap = m !== undefined && m.natural.reduce((a, b) => a + b, 0) + GAP * (head.length - 1) > display!.width!;
  if (!wrap && !painted) {
    const fast = renderPlain(head, rows);
    if (fast !== undefined) return fast;
  }
  // A list written a,b,c is one long word: when it must wrap, it may break after its commas.
  if (wrap) {
    rows = rows.map((r) => r.map(breakLists));
    m = measure(head, rows);
  }
  // Blocks of a long table share the widths of the whole (measured before colour codes go in).
  if (rows.length > BLOCK) m ??= measure(head, rows);
  if (painted) rows = rows.map((r, ri) => r.map((cell, ci) => paint(display!, hue!(ri, ci, input[ri]![ci]!), cell)));
  const widths = wrap ? fitWidths(m!.natural, m!.longestWord, display!.width!) : rows.length > BLOCK ? m!.natural : undefined;
  if (rows.length <= BLOCK) return render(head, rows, widths, wrap);
  const blocks = [render(head, rows.slice(0, BLOCK), widths, wrap)];
  for (let i = BLOCK; i < rows.length; i += BLOCK) blocks.push(render(undefined, rows.slice(i, i + BLOCK), widths, wrap));
  return blocks.join('\n');
}

const LONG_WORD = 24;
const breakLists = (text: string) => text.split(' ').map((w) => (len(w) > LONG_WORD ? w.replace(/,(?=\S)/g, ', ') : w)).join(' ');

function measure(head: readonly string[], rows: readonly string[][]): { natural: number[]; longestWord: number[] } {
  const natural = head.map((h) => len(h));
  const longestWord = head.map(longestWordOf);
  for (const r of rows) {
    r.forEach((cell, i) => {
      natural[i] = Math.max(natural[i] ?? 0, len(cell));
      longestWord[i] = Math.max(longestWord[i] ?? 0, longestWordOf(cell));
    });
  }
  return { natural, longestWord };
}

/**
 * Lines of prose (can, explain) fitted to the width: a long line wraps at spaces, its continuation
 * lines indented under its text. Through cli-table3's own word wrap, one cell per line.
 */
export function wrapLines(lines: readonly string[], display?: Display): string[] {
  const width = display?.width;
  if (width === undefined) return [...lines];
  const out: string[] = [];
  for (const line of lines) {
    if (len(line) <= width) {
      out.push(line);
      continue;
    }
    const indent = line.length - line.trimStart().length;
    const hang = indent + 2;
    const text = breakLists(line.slice(indent));
    const longest = longestWordOf(text);
    const cell = Math.max(longest, width - hang);
    const wrapped = render(undefined, [[text]], [cell], true).split('\n');
    wrapped.forEach((l, i) => out.push(`${' '.repeat(i === 0 ? indent : hang)}${l.trimStart()}`));
  }
  return out;
}
