// The meta-suite for queries/: every file loads and validates, its id is its file name, it has a
// section in docs/queries.md, and its own examples fire and stay quiet through the real engine.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { runExamples } from '../../src/audit/examples.js';
import { BUILTIN_QUERIES, loadQueries } from '../../src/collect/load-queries.js';

const queries = await loadQueries([BUILTIN_QUERIES]);
const docs = readFileSync(join(import.meta.dirname, '../../docs/queries.md'), 'utf8');

test('the shipped checks cover the catalogue (about 30)', () => {
  expect(queries.length).toBeGreaterThanOrEqual(30);
});

describe.each(queries.map((q) => [q.id, q] as const))('query %s', (id, q) => {
  test('has a section in docs/queries.md', () => {
    expect(docs).toMatch(new RegExp(`^## ${id.replace(/[-]/g, '\\-')}\\b`, 'm'));
  });

  test('every exclusion has a reason and none is a blanket system:* rule', () => {
    for (const x of q.exclude) {
      expect(x.reason.length).toBeGreaterThan(10);
      expect(x.subjects.filter((s) => /:system:\*$/.test(s) || s === '*')).toEqual([]);
    }
  });

  test.each(runExamples(q).map((o) => [`${o.kind} example #${o.index}`, o] as const))('%s', (_n, o) => {
    expect(o.ok, o.message).toBe(true);
  });
});
