// The table renderer lays out printable-ASCII tables itself and leaves everything else to
// cli-table3: both must print exactly what cli-table3 prints (header, padding, two-space gaps,
// trailing spaces trimmed, large tables in blocks of the same widths).
import { describe, expect, test } from 'vitest';
import { renderTable, renderWithCliTable } from '../../src/report/table.js';

/** What cli-table3 prints for the table, blocks and all (the renderer's reference). */
function viaCliTable(head: string[], rows: string[][]): string {
  if (rows.length <= 200) return renderWithCliTable(head, rows);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => Array.from(r[i] ?? '').length)));
  const blocks = [renderWithCliTable(head, rows.slice(0, 200), widths)];
  for (let i = 200; i < rows.length; i += 200) blocks.push(renderWithCliTable(undefined, rows.slice(i, i + 200), widths));
  return blocks.join('\n');
}

// A deterministic generator, so a failure names its case.
function cells(seed: number, n: number, alphabet: string): string[][] {
  let x = seed;
  const next = () => ((x = (x * 1103515245 + 12345) % 2147483648), x);
  return Array.from({ length: n }, () => Array.from({ length: 4 }, () => Array.from({ length: next() % 12 }, () => alphabet[next() % alphabet.length]).join('')));
}

describe('renderTable prints what cli-table3 prints', () => {
  const head = ['SEVERITY', 'CHECK', 'SUBJECT', 'NOTE'];
  test.each([
    ['a few rows of names', [['high', 'secrets-read', 'ServiceAccount ns-1/ci', ''], ['critical', 'cluster-admin-equivalent', 'Group platform-admins', 'implies 3 more']]],
    ['empty cells and trailing spaces', [['', '', '', ''], ['a ', ' b', 'c  ', '']]],
    ['no rows', []],
    ['more than one block (450 rows)', cells(7, 450, 'abc -/:*')],
    ['punctuation, one block', cells(3, 150, '!"#$%&\'()*+,-./~{|}[]\\^_`@')],
  ] as [string, string[][]][])('%s', (_name, rows) => {
    expect(renderTable(head, rows)).toBe(viaCliTable(head, rows));
  });

  test.each([
    ['wide characters, one block', cells(11, 30, 'a日本é ')],
    ['wide characters, several blocks (truncated as cli-table3 truncates)', cells(5, 420, 'ab日本')],
    ['a short row', [['high', 'x'], ['low', 'y', 'z', 'w']]],
  ] as [string, string[][]][])('falls back to cli-table3 for %s', (_name, rows) => {
    expect(renderTable(head, rows)).toBe(viaCliTable(head, rows));
  });
});
