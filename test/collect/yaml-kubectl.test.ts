// The YAML read is the YAML kubectl applies: every document of test/fixtures/yaml-kubectl/ goes
// through `kubectl label --local -o json` (kubectl's own file decoder, sigs.k8s.io/yaml over Go's
// yaml.v2, with no server; `apply --dry-run=client` needs one for discovery) and through
// decodeText, and the objects must be equal; where kubectl refuses a document, the decoder must
// report an error for it. The few documents kubectl reads and rbac refuses (on purpose, as an
// error diagnostic) are listed with the reason.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { decodeText, splitJsonStream } from '../../src/collect/decode.js';

const DIR = join(import.meta.dirname, '../fixtures/yaml-kubectl');
const FILES = readdirSync(DIR).filter((f) => /\.(ya?ml|json)$/.test(f)).sort();

/** Read by kubectl, refused by rbac with an error, and why. */
const REFUSED_ON_PURPOSE: Record<string, string> = {
  'deep-flow.yaml': 'nested deeper than 256 levels: the `yaml` parser recurses per level, so deeper input is an error diagnostic, not parsed',
};

const kubectl = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' });
const haveKubectl = kubectl.status === 0;
if (!haveKubectl) console.warn('yaml-kubectl: kubectl not found on PATH; the differential test is skipped');

function viaKubectl(file: string): { ok: true; objects: unknown[] } | { ok: false; error: string } {
  const r = spawnSync('kubectl', ['label', '--local', '-f', file, 'rbac-differential-', '-o', 'json'], { encoding: 'utf8', timeout: 30_000, env: { ...process.env, KUBECONFIG: '/dev/null' } });
  if (r.status !== 0) return { ok: false, error: r.stderr.trim() };
  const text = r.stdout.trim();
  const stream = splitJsonStream(text);
  return { ok: true, objects: stream ? stream.map((s) => s.value) : [JSON.parse(text)] };
}

// `kubectl label` adds an empty labels map where there was none.
function withoutAddedLabels(o: unknown, ours: unknown): unknown {
  const m = (o as { metadata?: { labels?: object } }).metadata;
  const had = (ours as { metadata?: { labels?: unknown } } | null)?.metadata?.labels !== undefined;
  if (m?.labels && Object.keys(m.labels).length === 0 && !had) delete m.labels;
  return o;
}

describe.skipIf(!haveKubectl)('the decoder reads what kubectl reads', () => {
  test.each(FILES)('%s', (name) => {
    const file = join(DIR, name);
    const ours = decodeText(readFileSync(file, 'utf8'));
    const theirs = viaKubectl(file);
    if (REFUSED_ON_PURPOSE[name]) {
      expect(theirs.ok).toBe(true);
      expect(ours.errors.length).toBeGreaterThan(0);
      return;
    }
    if (!theirs.ok) {
      expect(ours.errors.map((e) => e.message).join('; ') || `no error, but kubectl says: ${theirs.error}`).toMatch(/YAML/);
      return;
    }
    expect(ours.errors).toEqual([]);
    const values = ours.documents.map((d) => d.value).filter((v) => v !== null);
    expect(theirs.objects.map((o, i) => withoutAddedLabels(o, values[i]))).toEqual(values);
  });

  test('the corpus covers merge keys, duplicate keys, aliases, nesting and !!binary', () => {
    for (const f of ['merge-subjects.yaml', 'merge-later-wins.yaml', 'merge-kind.yaml', 'duplicate-keys.yaml', 'aliases-many.yaml', 'alias-bomb.yaml', 'deep-nesting.yaml', 'binary-names.yaml']) expect(FILES).toContain(f);
  });
});
