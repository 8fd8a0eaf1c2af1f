// Every world of the spec's §14 edge cases, with the answers the real Kubernetes v1.28.7 RBAC
// code gave (test/fixtures/conformance, copied from the spec). Each request goes through the
// `rbac batch` format, exactly as the tool is checked against the real authorizer.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { answerBatch } from '../src/engine/batch.js';
import { analyzeFile } from './helpers/load.js';

const root = join(import.meta.dirname, 'fixtures/conformance');
const worlds = readdirSync(root).filter((d) => !d.includes('.')).sort();

interface Case {
  case: number;
  what: string;
  request: Record<string, unknown>;
  expect: Record<string, unknown>;
}

describe.each(worlds)('conformance world %s', (world) => {
  const analysis = analyzeFile(join(root, world, 'objects.yaml'));
  const cases: Case[] = readFileSync(join(root, world, 'cases.jsonl'), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as Case);

  test.each(cases.map((c) => [`case ${c.case}: ${c.what}`, c] as const))('%s', (_name, c) => {
    expect(answerBatch(analysis, c.request)).toEqual(c.expect);
  });
});

test('every conformance world was found', () => {
  expect(worlds.length).toBeGreaterThanOrEqual(60);
});
