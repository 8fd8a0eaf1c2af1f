// A streamed JSON document (toJsonChunks) is toJson of the same document, byte for byte, however
// its rows fall into batches.
import { describe, expect, it } from 'vitest';
import { JsonRows, toJson, toJsonChunks } from '../../src/report/json.js';

const rows = (n: number) => Array.from({ length: n }, (_, i) => ({ name: `r${i}`, list: [i, { deep: [i] }], text: 'a "quoted"\ttab' }));
const asJson = (r: { name: string }) => ({ ...r, shown: true });

describe('toJsonChunks', () => {
  it.each<[string, Record<string, unknown>, number]>([
    ['no fields', {}, 2],
    ['plain fields only', { summary: { findings: 3, by: { high: 1 } }, notes: ['x'] }, 2],
    ['an empty list of rows', { summary: 1, findings: new JsonRows([], asJson) }, 2],
    ['rows in one batch', { findings: new JsonRows(rows(2), asJson) }, 2],
    ['rows over several batches, the last one short', { summary: { n: 5 }, findings: new JsonRows(rows(5), asJson), notes: [] }, 2],
    ['rows filling their batches exactly', { findings: new JsonRows(rows(6), asJson), after: 'x' }, 3],
    ['two lists of rows, and a field left undefined', { a: new JsonRows(rows(3), asJson), skipped: undefined, b: new JsonRows(rows(4), asJson) }, 2],
  ])('%s', (_name, doc, batch) => {
    const pieces = [...toJsonChunks(doc, batch)];
    const materialized = Object.fromEntries(Object.entries(doc).map(([k, v]) => [k, v instanceof JsonRows ? v.rows.map(v.toJson) : v]));
    expect(pieces.join('')).toBe(toJson(materialized));
  });

  it('writes a batch of rows as one piece and the separator between batches as another', () => {
    const pieces = [...toJsonChunks({ findings: new JsonRows(rows(5), asJson) }, 2)];
    expect(pieces.filter((p) => p === ',\n')).toHaveLength(2);
    expect(pieces.filter((p) => p.includes('"name": "r'))).toHaveLength(3);
  });
});
