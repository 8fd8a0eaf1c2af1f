// Mutations of real manifests (samples/), one class per way input goes wrong in the wild or in
// an attack: truncation, wrong types, dropped fields, wrong kinds, huge strings, deep nesting,
// binary bytes and NULs, duplicate keys, anchors and aliases (with an alias bomb), invalid UTF-8.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import jsYaml from 'js-yaml';
import { decodeText } from '../../src/collect/decode.js';
import { analyze, type Analysis } from '../../src/engine/analyze.js';
import { keyOfSubject } from '../../src/model/keys.js';
import type { Grant } from '../../src/model/results.js';
import { repoRoot } from '../helpers/cli.js';

export type Raw = Record<string, any>;

const docsOf = (file: string): Raw[] => decodeText(readFileSync(join(repoRoot, file), 'utf8')).documents.map((d) => d.value as Raw).filter((v) => v && typeof v === 'object');

/** The intact documents: a teaching world and a real add-on (Argo CD). */
export const TEACHING: Raw[] = docsOf('samples/worlds/teaching.yaml');
export const INTACT: Raw[] = [...TEACHING, ...docsOf('samples/addons/argo-cd.yaml')];

/**
 * What gets mutated: Roles and other objects of other add-ons, renamed fuzz-* into namespace
 * fuzz-ns. No intact binding names them and a Role is never aggregated, so whatever a mutation
 * makes of them, the intact documents' answers cannot change.
 */
export const BASES: Raw[] = ['samples/addons/cert-manager.yaml', 'samples/addons/kyverno.yaml', 'samples/addons/ingress-nginx.yaml']
  .flatMap(docsOf)
  .filter((o) => o.kind === 'Role' || o.kind === 'ServiceAccount' || o.kind === 'ConfigMap' || o.kind === 'Deployment' || o.kind === 'Service')
  .map((o) => {
    const c = structuredClone(o);
    c.metadata = { ...c.metadata, name: `fuzz-${c.metadata?.name ?? 'x'}`, namespace: 'fuzz-ns' };
    delete c.metadata.labels;
    return c;
  });

export const CLASSES = ['truncate', 'flip-type', 'drop-field', 'wrong-kind', 'huge-string', 'deep-nesting', 'binary', 'duplicate-keys', 'aliases', 'alias-bomb', 'invalid-utf8'] as const;
export type MutationClass = (typeof CLASSES)[number];

/** A mutated document: its bytes, and whether it can no longer be read as the object it was. */
export interface Mutant {
  cls: MutationClass;
  what: string;
  bytes: Buffer;
  /** The document must be reported (an error naming the file and document). */
  mustReport: boolean;
}

const MB = 1 << 20;
const dump = (o: unknown) => jsYaml.dump(o, { noRefs: true, lineWidth: -1 });

/** Every path to a field or list entry of a value. */
function paths(v: unknown, at: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  if (v && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) {
      const p = [...at, Array.isArray(v) ? Number(k) : k];
      out.push(p);
      paths(x, p, out);
    }
  }
  return out;
}

function setAt(root: Raw, path: (string | number)[], fn: (parent: any, key: string | number) => void): Raw {
  const copy = structuredClone(root);
  let cur: any = copy;
  for (const k of path.slice(0, -1)) cur = cur[k];
  fn(cur, path[path.length - 1]!);
  return copy;
}

const OTHER_TYPES: unknown[] = [42, -1.5, true, false, null, 'a string', [], ['x', 1, { y: 2 }], {}, { nested: { deep: [1] } }];
const WRONG_KINDS: unknown[] = ['Rolee', 'role', 'List', 'RoleList', '', 7, null, ['Role'], { kind: 'Role' }];

function nest(depth: number, open: string): string {
  return open === '[' ? `${'['.repeat(depth)}${']'.repeat(depth)}` : open === '{' ? `${'{a: '.repeat(depth)}1${'}'.repeat(depth)}` : `${'- '.repeat(depth)}x`;
}

const ALIAS_BOMB = [
  'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
  ...'bcdefghi'.split('').map((c, i) => `${c}: &${c} [${Array(9).fill(`*${'abcdefghi'[i]}`).join(',')}]`),
  'kind: Role',
  'apiVersion: rbac.authorization.k8s.io/v1',
  'metadata: {name: fuzz-bomb, namespace: fuzz-ns}',
  'rules:',
  '- verbs: *i',
  '  apiGroups: [""]',
  '  resources: *i',
].join('\n');

export function mutantArb(cls: MutationClass): fc.Arbitrary<Mutant> {
  const base = fc.constantFrom(...BASES);
  const text = (s: string) => Buffer.from(s, 'utf8');
  switch (cls) {
    case 'truncate':
      return fc.tuple(base, fc.double({ min: 0, max: 1, noNaN: true })).map(([o, f]) => {
        const t = dump(o);
        const cut = Math.floor(t.length * f);
        return { cls, what: `cut at ${cut}/${t.length}`, bytes: text(t.slice(0, cut)), mustReport: false };
      });
    case 'flip-type':
      return fc.tuple(base, fc.nat(), fc.constantFrom(...OTHER_TYPES), fc.boolean()).map(([o, i, v, asJson]) => {
        const ps = paths(o);
        const p = ps[i % ps.length]!;
        const m = setAt(o, p, (parent, k) => (parent[k] = v));
        return { cls, what: `${p.join('.')} = ${JSON.stringify(v)}`, bytes: text(asJson ? JSON.stringify(m) : dump(m)), mustReport: false };
      });
    case 'drop-field':
      return fc.tuple(base, fc.nat()).map(([o, i]) => {
        const ps = paths(o);
        const p = ps[i % ps.length]!;
        const m = setAt(o, p, (parent, k) => (Array.isArray(parent) ? parent.splice(Number(k), 1) : delete parent[k]));
        return { cls, what: `drop ${p.join('.')}`, bytes: text(dump(m)), mustReport: false };
      });
    case 'wrong-kind':
      return fc.tuple(base, fc.constantFrom(...WRONG_KINDS), fc.boolean()).map(([o, kind, withItems]) => {
        const m: Raw = { ...o, kind };
        if (withItems) m.items = typeof kind === 'string' && kind.endsWith('List') ? ['not an object', 5, null, { kind: 'Role' }, [[]]] : 'not a list';
        return { cls, what: `kind ${JSON.stringify(kind)}${withItems ? ' with odd items' : ''}`, bytes: text(dump(m)), mustReport: typeof kind !== 'string' || kind === '' };
      });
    case 'huge-string':
      return fc.tuple(base, fc.nat(), fc.constantFrom('a', 'é', '\u{1F600}', '*')).map(([o, i, ch]) => {
        const big = ch.repeat(Math.ceil(MB / Buffer.byteLength(ch)));
        const ps = paths(o).filter((p) => typeof p[p.length - 1] === 'string');
        const p = ps[i % ps.length] ?? ['metadata', 'name'];
        const asKey = i % 3 === 0;
        const m = setAt(o, p, (parent, k) => {
          if (asKey) parent[big] = parent[k];
          else parent[k] = big;
        });
        return { cls, what: `1 MB ${asKey ? 'key beside' : 'value at'} ${p.join('.')}`, bytes: text(dump(m)), mustReport: false };
      });
    case 'deep-nesting':
      return fc.tuple(base, fc.constantFrom('[', '{', '- '), fc.boolean(), fc.boolean()).map(([o, open, whole, closed]) => {
        const deep = closed ? nest(10_000, open) : open.repeat(10_000);
        const t = whole ? deep : `${dump(o)}extra: ${deep.startsWith('-') ? `\n  ${deep}` : deep}\n`;
        return { cls, what: `10k levels of ${JSON.stringify(open)}${closed ? ' closed' : ''}${whole ? ' as the document' : ' in a field'}`, bytes: text(t), mustReport: true };
      });
    case 'binary':
      return fc.tuple(base, fc.double({ min: 0, max: 1, noNaN: true }), fc.uint8Array({ minLength: 1, maxLength: 64 })).map(([o, f, junk]) => {
        const t = Buffer.from(dump(o), 'utf8');
        const at = Math.floor(t.length * f);
        const bytes = Buffer.concat([t.subarray(0, at), Buffer.from([0]), Buffer.from(junk), Buffer.from([0, 1, 2, 0x1b]), t.subarray(at)]);
        // YAML 1.2 forbids these characters; the yaml fallback reads them into keys or scalars, so the
        // document is not always reported: what matters is that nothing else changes.
        return { cls, what: `NUL and ${junk.length} bytes at ${at}`, bytes, mustReport: false };
      });
    case 'duplicate-keys':
      // A key the object already has, written a second time before it: kubectl keeps the later (intact)
      // value, and so does the decoder, with a duplicate-key warning.
      return fc.tuple(base, fc.constantFrom('kind: ClusterRole', 'metadata: {name: other}', 'apiVersion: v9', 'rules: []')).filter(([o, line]) => line.split(':')[0]! in o).map(([o, line]) => ({
        cls,
        what: `duplicate ${line.split(':')[0]}`,
        bytes: text(`${line}\n${dump(o)}`),
        mustReport: false,
      }));
    case 'aliases':
      return fc.tuple(base, fc.constantFrom('undefined', 'merge', 'reuse', 'self')).map(([o, how]) => {
        const t = dump(o);
        const bytes =
          how === 'undefined' ? `${t}extra: *nowhere\n`
          : how === 'merge' ? `base: &b {x: 1}\nmore:\n  <<: *b\n  y: 2\n${t}`
          : how === 'reuse' ? `${t.replace(/^kind: /m, 'kind: &k ')}alsoKind: *k\n`
          : `${t}loop: &l [*l]\n`;
        // `&l [*l]` is an alias inside its own anchor, which kubectl refuses (and so does the decoder).
        return { cls, what: `alias ${how}`, bytes: text(bytes), mustReport: how === 'undefined' || how === 'self' };
      });
    case 'alias-bomb':
      return fc.constant({ cls, what: 'billion laughs (9^9 expansion)', bytes: text(ALIAS_BOMB), mustReport: true });
    case 'invalid-utf8':
      return fc.tuple(base, fc.double({ min: 0, max: 1, noNaN: true }), fc.constantFrom([0xc3, 0x28], [0xff], [0xa0, 0xa1], [0xe2, 0x28, 0xa1], [0xf0, 0x28, 0x8c, 0x28], [0xed, 0xa0, 0x80])).map(([o, f, bad]) => {
        const t = Buffer.from(dump(o), 'utf8');
        const at = Math.floor(t.length * f);
        return { cls, what: `bytes ${bad.map((b) => b.toString(16))} at ${at}`, bytes: Buffer.concat([t.subarray(0, at), Buffer.from(bad), t.subarray(at)]), mustReport: false };
      });
  }
}

/** The file: the intact documents with the mutant at position `at` (0-based), as a YAML stream. */
export function streamWith(intact: Raw[], mutant: Buffer, at: number): { bytes: Buffer; mutantDoc: number } {
  const parts: Buffer[] = intact.map((o) => Buffer.from(dump(o), 'utf8'));
  const pos = at % (parts.length + 1);
  parts.splice(pos, 0, mutant);
  const sep = Buffer.from('\n---\n');
  return { bytes: Buffer.concat(parts.flatMap((p, i) => (i ? [sep, p] : [p]))), mutantDoc: pos + 1 };
}

/** A handful of who-can answers, without where the grants were read from (positions shift when a document is inserted). */
export function answers(a: Analysis): Record<string, string[]> {
  const key = (g: Grant) => [keyOfSubject(g.subject), g.binding.kind, g.binding.namespace ?? '', g.binding.name, g.role.kind, g.role.name, g.scope, g.ruleIndex, JSON.stringify(g.rule)].join('|');
  const ask = (verb: string, resource: string, namespace?: string) => {
    const r = a.resolve({ verb, resource, namespace, allNamespaces: namespace === undefined });
    return a.whoCan(r.request, { allNamespaces: r.allNamespaces }).grants.map(key).sort();
  };
  return {
    secrets: ask('get', 'secrets'),
    exec: ask('create', 'pods/exec'),
    deploy: ask('update', 'deployments', 'argocd'),
    metrics: ask('get', '/metrics'),
    impersonate: ask('impersonate', 'users'),
    everything: ask('*', '*'),
    applications: ask('list', 'applications.argoproj.io', 'prod'),
  };
}

export function analyzeOf(snapshot: Parameters<typeof analyze>[0]): Analysis {
  return analyze(snapshot);
}
