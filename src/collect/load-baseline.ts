// Reads a previous `rbac audit -o json` output as a baseline. Only the fields that say what a
// finding is are read (check, subject, object, scope, namespace, matches or matched); anything
// malformed is an InputError naming the file and the finding.
import { readFile } from 'node:fs/promises';
import type { FindingShape } from '../audit/identity.js';
import { InputError } from '../errors.js';

type Raw = Record<string, unknown>;
const isMap = (v: unknown): v is Raw => typeof v === 'object' && v !== null && !Array.isArray(v);
const isStrs = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === 'string');

function ref(v: unknown, where: string): { kind: string; name: string; namespace?: string } | undefined {
  if (v === undefined) return undefined;
  if (!isMap(v) || typeof v.kind !== 'string' || typeof v.name !== 'string' || (v.namespace !== undefined && typeof v.namespace !== 'string')) throw new InputError(`${where}: expected {kind, name, namespace?}`);
  return { kind: v.kind, name: v.name, ...(v.namespace ? { namespace: v.namespace as string } : {}) };
}

/** "update configmaps (only names: a, b)" -> label and names, for outputs that predate matches[]. */
function fromMatched(text: string): { label: string; restrictedTo?: string[] } {
  const m = /^(.*) \(only names: (.*)\)$/.exec(text);
  return m ? { label: m[1]!, restrictedTo: m[2]!.split(', ') } : { label: text };
}

export function parseBaseline(text: string, file: string): FindingShape[] {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new InputError(`${file}: not JSON (${(e as Error).message}); --baseline takes the output of rbac audit -o json`);
  }
  if (!isMap(doc) || !Array.isArray(doc.findings)) throw new InputError(`${file}: expected {"findings": [...]}, the output of rbac audit -o json`);
  return doc.findings.map((f: unknown, i: number) => {
    const where = `${file}: findings[${i}]`;
    if (!isMap(f) || typeof f.check !== 'string') throw new InputError(`${where}: expected a finding with a check id`);
    if (f.scope !== 'cluster' && f.scope !== 'namespace') throw new InputError(`${where}.scope: expected cluster or namespace`);
    if (f.scope === 'namespace' && typeof f.namespace !== 'string') throw new InputError(`${where}.namespace: a namespace finding needs its namespace`);
    const matched = f.matched === undefined ? [] : isStrs(f.matched) ? f.matched : (() => { throw new InputError(`${where}.matched: expected a list of strings`); })();
    let matches: FindingShape['matches'];
    if (f.matches !== undefined) {
      if (!Array.isArray(f.matches) || !f.matches.every((m) => isMap(m) && typeof m.request === 'string' && (m.restrictedTo === undefined || isStrs(m.restrictedTo)))) throw new InputError(`${where}.matches: expected [{request, restrictedTo?}]`);
      matches = (f.matches as Raw[]).map((m) => ({ label: m.request as string, ...(m.restrictedTo ? { restrictedTo: m.restrictedTo as string[] } : {}) }));
    } else if (matched.length) matches = matched.map(fromMatched);
    const subject = ref(f.subject, `${where}.subject`);
    const object = ref(f.object, `${where}.object`);
    return { check: f.check, ...(subject ? { subject } : {}), ...(object ? { object } : {}), scope: f.scope === 'cluster' ? '' : (f.namespace as string), matched, ...(matches ? { matches } : {}) };
  });
}

export async function loadBaseline(file: string): Promise<FindingShape[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    throw new InputError(`${file}: cannot read the baseline (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  return parseBaseline(text, file);
}
