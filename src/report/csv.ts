// CSV through csv-stringify (quoting is its job, not ours). Cells that a spreadsheet would run
// as a formula (=, +, -, @, tab, CR first) get a leading apostrophe, as OWASP advises.
import { stringify } from 'csv-stringify/sync';

const FORMULA = /^[=+\-@\t\r]/;

export function neutralise(cell: string): string {
  return FORMULA.test(cell) ? `'${cell}` : cell;
}

export function toCsv(header: string[], rows: string[][]): string {
  const all: string[][] = [header];
  for (const r of rows) all.push(r.map(neutralise));
  return stringify(all);
}
