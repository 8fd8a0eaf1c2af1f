// A question typed on one line, read as the CLI reads its arguments: the HTML report's boxes
// and `rbac graph --who-can TEXT` take these.
//   request:  VERB RESOURCE [NAME] [-n NS | -A] [--api-group G] [--subresource S] [--name N]
//   identity: user:NAME | group:NAME | sa:NS:NAME [--group G]... [-n NS]
import type { RequestSpec } from './request-spec.js';
import { parseSubjectSpec, type SubjectSpec } from './subject-spec.js';
import { UsageError } from '../errors.js';

interface Words {
  positional: string[];
  values: Map<string, string[]>;
  switches: Set<string>;
}

/** Flags with a value (long name <- every spelling) and switches, as commander reads them. */
function readWords(text: string, valued: Record<string, string>, switches: Record<string, string>, usage: string): Words {
  const words = text.trim().split(/\s+/).filter((w) => w !== '');
  const out: Words = { positional: [], values: new Map(), switches: new Set() };
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    const eq = w.startsWith('--') ? w.indexOf('=') : -1;
    const flag = eq > 0 ? w.slice(0, eq) : w;
    if (valued[flag]) {
      const v = eq > 0 ? w.slice(eq + 1) : words[++i];
      if (v === undefined) throw new UsageError(`${flag} needs a value`);
      const name = valued[flag]!;
      out.values.set(name, [...(out.values.get(name) ?? []), v === '""' || v === "''" ? '' : v]);
    } else if (switches[flag]) out.switches.add(switches[flag]!);
    else if (w.startsWith('-') && w.length > 1) throw new UsageError(`unknown flag ${w}: ${usage}`);
    else out.positional.push(w);
  }
  return out;
}

const last = (w: Words, k: string) => w.values.get(k)?.at(-1);

const REQUEST_USAGE = 'expected VERB RESOURCE [NAME] [-n NAMESPACE | -A] [--api-group G] [--subresource S], e.g. "delete secrets -n prod"';

/** "delete secrets -n prod", "get pods/log -A", "create deployments.apps NAME --namespace=x", "get /metrics". */
export function parseRequestText(text: string): RequestSpec {
  const w = readWords(text, { '-n': 'namespace', '--namespace': 'namespace', '--api-group': 'apiGroup', '--subresource': 'subresource', '--name': 'name' }, { '-A': 'all', '--all-namespaces': 'all' }, REQUEST_USAGE);
  if (w.positional.length < 2 || w.positional.length > 3) throw new UsageError(REQUEST_USAGE);
  const spec: RequestSpec = { verb: w.positional[0]!, resource: w.positional[1]! };
  const name = last(w, 'name') ?? w.positional[2];
  if (name !== undefined) spec.name = name;
  const namespace = last(w, 'namespace');
  if (namespace !== undefined) spec.namespace = namespace;
  if (w.switches.has('all')) spec.allNamespaces = true;
  const apiGroup = last(w, 'apiGroup');
  if (apiGroup !== undefined) spec.apiGroup = apiGroup;
  const subresource = last(w, 'subresource');
  if (subresource !== undefined) spec.subresource = subresource;
  return spec;
}

export interface IdentityText {
  subject: SubjectSpec;
  groups: string[];
  namespace?: string;
}

const IDENTITY_USAGE = 'expected user:NAME, group:NAME or sa:NAMESPACE:NAME, then any --group G and -n NAMESPACE, e.g. "user:jane --group devs -n prod"';

/** "user:jane --group devs -n prod", "sa:kube-system:default", "group:system:authenticated". */
export function parseIdentityText(text: string): IdentityText {
  const w = readWords(text, { '--group': 'group', '-g': 'group', '-n': 'namespace', '--namespace': 'namespace' }, {}, IDENTITY_USAGE);
  if (w.positional.length !== 1) throw new UsageError(IDENTITY_USAGE);
  const out: IdentityText = { subject: parseSubjectSpec(w.positional[0]!), groups: w.values.get('group') ?? [] };
  const namespace = last(w, 'namespace');
  if (namespace !== undefined) out.namespace = namespace;
  return out;
}
