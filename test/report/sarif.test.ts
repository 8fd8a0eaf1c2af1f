// SARIF that GitHub code scanning accepts: valid against the SARIF 2.1.0 schema (shipped as a
// fixture, from @microsoft/jest-sarif's lib/schemas/sarif-2.1.0-rtm.5.json) and within GitHub's
// documented upload rules: a physical location on every result, ruleIds that name a rule, known
// levels, fingerprints, and the per-run limits.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import AjvDraft04 from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { describe, expect, test } from 'vitest';
import { audit } from '../../src/audit/audit.js';
import type { Finding } from '../../src/audit/finding.js';
import { BUILTIN_QUERIES, loadQueries } from '../../src/collect/load-queries.js';
import { loadFiles } from '../../src/collect/files.js';
import { sourceLineLookup } from '../../src/collect/source-lines.js';
import { analyze } from '../../src/engine/analyze.js';
import { SARIF_MAX_RESULTS, sarifLog } from '../../src/report/sarif.js';
import { cr, crb, rb, rule, world } from '../helpers/builders.js';

const samples = join(import.meta.dirname, '../../samples');
const queries = await loadQueries([BUILTIN_QUERIES]);
const schema = JSON.parse(readFileSync(join(import.meta.dirname, '../fixtures/sarif/sarif-2.1.0-rtm.5.json'), 'utf8'));
// Both are CommonJS with a .default export (the schema's draft-04 needs ajv-draft-04; one of its patterns is not valid in unicode mode).
const ajv = new AjvDraft04.default({ allErrors: true, strict: false, unicodeRegExp: false });
addFormats.default(ajv as never);
const validate = ajv.compile(schema);

interface Sarif {
  version: string;
  runs: { tool: { driver: { name: string; rules: { id: string; name: string; shortDescription: { text: string }; fullDescription: { text: string }; help: { text: string }; properties: { 'security-severity': string; tags: string[] } }[] } }; results: { ruleId: string; ruleIndex: number; level: string; message: { text: string }; locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } }; logicalLocations?: { fullyQualifiedName: string }[] }[]; partialFingerprints: Record<string, string>; baselineState?: string }[] }[];
}

/** GitHub's upload rules that the schema does not say (docs: "SARIF support for code scanning", "SARIF results exceed limits"). */
function githubProblems(log: Sarif): string[] {
  const out: string[] = [];
  if (log.runs.length > 20) out.push(`${log.runs.length} runs > 20`);
  for (const run of log.runs) {
    const rules = run.tool.driver.rules;
    if (run.results.length > 25_000) out.push(`${run.results.length} results > 25000`);
    if (rules.length > 25_000) out.push(`${rules.length} rules > 25000`);
    for (const r of rules) {
      if (!r.id || !r.name || !r.shortDescription?.text || !r.fullDescription?.text || !r.help?.text) out.push(`rule ${r.id}: missing metadata`);
      const sev = Number(r.properties['security-severity']);
      if (!(sev >= 0 && sev <= 10)) out.push(`rule ${r.id}: security-severity ${r.properties['security-severity']}`);
      if (!Array.isArray(r.properties.tags) || r.properties.tags.length > 10) out.push(`rule ${r.id}: tags`);
    }
    for (const [i, res] of run.results.entries()) {
      const where = `result ${i} (${res.ruleId})`;
      if (rules[res.ruleIndex]?.id !== res.ruleId) out.push(`${where}: ruleId/ruleIndex do not name a rule`);
      if (!['none', 'note', 'warning', 'error'].includes(res.level)) out.push(`${where}: level ${res.level}`);
      if (!res.message?.text) out.push(`${where}: no message`);
      if (!res.locations?.length || res.locations.length > 1000) out.push(`${where}: ${res.locations?.length ?? 0} locations`);
      const loc = res.locations?.[0]?.physicalLocation;
      if (!loc?.artifactLocation?.uri || !(loc.region?.startLine >= 1)) out.push(`${where}: no physical location with uri and region.startLine`);
      if (!res.partialFingerprints || Object.keys(res.partialFingerprints).length === 0) out.push(`${where}: no partialFingerprints`);
    }
  }
  return out;
}

async function sarifOf(paths: string[]): Promise<{ log: Sarif; findings: Finding[] }> {
  const findings = audit(analyze(await loadFiles(paths.map((p) => join(samples, p)))), queries).findings.filter((f) => !f.excluded);
  return { log: sarifLog(findings, { queries, lines: sourceLineLookup(), fallbackUri: join(samples, paths[0]!) }).log as Sarif, findings };
}

const schemaErrors = (log: unknown) => (validate(log) ? [] : (validate.errors ?? []).slice(0, 5).map((e: { instancePath: string; message?: string }) => `${e.instancePath} ${e.message}`));

describe('SARIF for code scanning', () => {
  test.each([['kubernetes-bootstrap'], ['addons'], ['worlds']])('samples/%s: valid SARIF 2.1.0 and within GitHub upload rules', async (dir) => {
    const { log } = await sarifOf([dir]);
    expect(log.runs[0]!.results.length).toBeGreaterThan(0);
    expect(schemaErrors(log)).toEqual([]);
    expect(githubProblems(log)).toEqual([]);
  });

  test('reaches-cluster-admin, missing-role, missing-service-account and unbound-role results point at a manifest line', async () => {
    const { log } = await sarifOf(['addons']);
    const kinds = new Set(['reaches-cluster-admin', 'missing-role', 'missing-service-account', 'unbound-role']);
    const located = log.runs[0]!.results.filter((r) => kinds.has(r.ruleId));
    expect(new Set(located.map((r) => r.ruleId)).size).toBeGreaterThanOrEqual(2);
    for (const r of located) {
      const { uri } = r.locations[0]!.physicalLocation.artifactLocation;
      expect(uri).toMatch(/samples\/addons\/[^/]+\.yaml$/);
      const text = readFileSync(uri, 'utf8').split('\n');
      // The region starts the document of the binding or role the result is about.
      expect(text.slice(r.locations[0]!.physicalLocation.region.startLine - 1).join('\n')).toMatch(/^(apiVersion|kind|metadata):/);
    }
  });

  test('an object with no file (built-in, live cluster) falls back to the input given, at line 1, with its name as a logical location', () => {
    const findings = audit(world([cr('lonely', [rule('get', '', 'pods')]), cr('r', [rule('get', '', 'secrets')]), crb('c', 'r', 'User:u'), rb('ns', 'b', 'ClusterRole:ghost', 'User:v')]), queries).findings;
    const log = sarifLog(findings, { queries, fallbackUri: 'cluster.json' }).log as Sarif;
    expect(schemaErrors(log)).toEqual([]);
    expect(githubProblems(log)).toEqual([]);
    const results = log.runs[0]!.results;
    expect(results.every((r) => r.locations[0]!.physicalLocation.artifactLocation.uri === 'cluster.json' && r.locations[0]!.physicalLocation.region.startLine === 1)).toBe(true);
    expect(results.flatMap((r) => r.locations[0]!.logicalLocations?.map((l) => l.fullyQualifiedName) ?? [])).toContain('ClusterRole lonely');
  });

  test('a result whose check was run without its definition still names a rule', () => {
    const f: Finding = { check: 'custom', title: 'Custom', severity: 'low', subject: { kind: 'User', name: 'u' }, scope: '', matched: ['get pods'], grants: [] };
    const log = sarifLog([f]).log as Sarif;
    expect(githubProblems(log)).toEqual([]);
    expect(schemaErrors(log)).toEqual([]);
  });

  test(`more than ${SARIF_MAX_RESULTS} findings: the most severe ${SARIF_MAX_RESULTS} are kept and the run says so`, () => {
    const f = (i: number): Finding => ({ check: 'c', title: 'C', severity: i === 0 ? 'critical' : 'low', subject: { kind: 'User', name: `u${i}` }, scope: '', matched: ['get pods'], grants: [] });
    const { log, dropped } = sarifLog(Array.from({ length: SARIF_MAX_RESULTS + 1 }, (_, i) => f(i)));
    const run = (log as { runs: { results: { level: string }[]; properties?: { truncated?: unknown } }[] }).runs[0]!;
    expect(dropped).toBe(1);
    expect(run.results.length).toBe(SARIF_MAX_RESULTS);
    expect(run.results[0]!.level).toBe('error');
    expect(run.properties?.truncated).toEqual({ results: SARIF_MAX_RESULTS + 1, kept: SARIF_MAX_RESULTS });
  });

  test('fingerprints are stable across runs and differ between findings', async () => {
    const [a, b] = [await sarifOf(['addons/argo-cd.yaml']), await sarifOf(['addons/argo-cd.yaml'])];
    const fp = (l: Sarif) => l.runs[0]!.results.map((r) => r.partialFingerprints['rbacFinding/v1']);
    expect(fp(a.log)).toEqual(fp(b.log));
    expect(new Set(fp(a.log)).size).toBe(fp(a.log).length);
  });
});
