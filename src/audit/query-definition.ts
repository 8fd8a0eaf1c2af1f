// The vocabulary of a check in queries/*.yaml: what requests a subject must be able to make (as
// requests the authorizer evaluates, so the one matcher of semantics/ decides), or which
// subjects it is about, plus metadata, exclusions and examples. Validation is pure and names
// the field that is wrong.

export const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'] as const;
export type QuerySeverity = (typeof SEVERITIES)[number];

export interface RequestPattern {
  /** Each verb is one request; the subject needs any of them. `*` asks for a rule that lists `*`. */
  verbs: string[];
  /** Default [""] (core). */
  apiGroups: string[];
  /** plural or plural/subresource; `*` asks for a rule that lists `*`. */
  resources: string[];
  /** Object names to ask about; default: the request carries no name (list/create/any object). */
  names: string[];
  nonResourceURLs: string[];
}

export type HygieneCheck = 'missing-role' | 'missing-service-account' | 'ineffective-rule' | 'unbound-role' | 'aggregation-differs';
export const HYGIENE_CHECKS: readonly HygieneCheck[] = ['missing-role', 'missing-service-account', 'ineffective-rule', 'unbound-role', 'aggregation-differs'];

export interface QueryMatch {
  /** The subject can make at least one of these requests. */
  anyOf: RequestPattern[];
  /** The subject (the same subject, in the same scope) can make every one of these; each part is one pattern or `anyOf` a list of them. */
  allOf: RequestPattern[][];
  /** Any grant at all to these subjects (user:NAME, group:NAME, sa:NS:NAME). */
  boundTo: string[];
  /** cluster: only cluster-wide grants; namespace: only grants limited to a namespace; any (default). */
  scope: 'any' | 'cluster' | 'namespace';
  /** Report rules restricted by resourceNames (as restricted, with the names); default true. */
  includeRestricted: boolean;
  /** A built-in structural check instead of requests. */
  hygiene?: HygieneCheck;
  /** Identities that can reach this target (an identity or a grant such as clusterrole:cluster-admin) through escalation steps. */
  reaches?: { target: string; maxHops: number };
  /** Workloads that reach their node (privileged, hostPath, ...) whose token can make one of tokenCan's requests. */
  workloads?: { nodeAccess: true; tokenCan: RequestPattern[] };
}

export interface Exclusion {
  subjects: string[];
  namespaces: string[];
  roles: string[];
  bindings: string[];
  reason: string;
}

export interface QueryExample {
  manifests: string;
  subject: string;
}

export interface QueryDefinition {
  id: string;
  title: string;
  severity: QuerySeverity;
  description: string;
  why: string;
  references: string[];
  match: QueryMatch;
  exclude: Exclusion[];
  examples: { fires: QueryExample[]; quiet: QueryExample[] };
  /** Where it was loaded from. */
  file?: string;
}

type Raw = Record<string, unknown>;
const isMap = (v: unknown): v is Raw => typeof v === 'object' && v !== null && !Array.isArray(v);

export class QueryValidationError extends Error {
  override name = 'QueryValidationError';
}

function fail(where: string, msg: string): never {
  throw new QueryValidationError(`${where}: ${msg}`);
}

function str(v: unknown, where: string, required = true): string {
  if (typeof v === 'string' && (v !== '' || !required)) return v;
  if (v === undefined && !required) return '';
  return fail(where, `expected a${required ? ' non-empty' : ''} string, got ${JSON.stringify(v)}`);
}

function strs(v: unknown, where: string, fallback: string[] = []): string[] {
  if (v === undefined || v === null) return fallback;
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) fail(where, `expected a list of strings, got ${JSON.stringify(v)}`);
  return v as string[];
}

const KNOWN = {
  top: ['id', 'title', 'severity', 'description', 'why', 'references', 'match', 'exclude', 'examples'],
  match: ['anyOf', 'allOf', 'boundTo', 'scope', 'includeRestricted', 'hygiene', 'reaches', 'workloads'],
  pattern: ['verbs', 'apiGroups', 'resources', 'names', 'nonResourceURLs'],
  exclude: ['subjects', 'namespaces', 'roles', 'bindings', 'reason'],
  example: ['manifests', 'subject'],
};

function noUnknown(v: Raw, allowed: string[], where: string): void {
  for (const k of Object.keys(v)) if (!allowed.includes(k)) fail(where, `unknown field "${k}" (allowed: ${allowed.join(', ')})`);
}

function pattern(v: unknown, where: string): RequestPattern {
  if (!isMap(v)) fail(where, 'expected a map');
  noUnknown(v, KNOWN.pattern, where);
  const p: RequestPattern = {
    verbs: strs(v.verbs, `${where}.verbs`),
    apiGroups: strs(v.apiGroups, `${where}.apiGroups`, ['']),
    resources: strs(v.resources, `${where}.resources`),
    names: strs(v.names, `${where}.names`),
    nonResourceURLs: strs(v.nonResourceURLs, `${where}.nonResourceURLs`),
  };
  if (p.verbs.length === 0) fail(where, 'needs at least one verb');
  if ((p.resources.length === 0) === (p.nonResourceURLs.length === 0)) fail(where, 'needs resources or nonResourceURLs (not both)');
  return p;
}

/** An allOf part: a pattern, or {anyOf: [patterns]} when any of several different requests will do. */
function allOfPart(v: unknown, where: string): RequestPattern[] {
  if (!isMap(v) || !('anyOf' in v)) return [pattern(v, where)];
  noUnknown(v, ['anyOf'], where);
  if (!Array.isArray(v.anyOf) || v.anyOf.length === 0) fail(`${where}.anyOf`, 'expected a non-empty list of patterns');
  return v.anyOf.map((x, i) => pattern(x, `${where}.anyOf[${i}]`));
}

function example(v: unknown, where: string): QueryExample {
  if (!isMap(v)) fail(where, 'expected a map with manifests and subject');
  noUnknown(v, KNOWN.example, where);
  return { manifests: str(v.manifests, `${where}.manifests`), subject: str(v.subject, `${where}.subject`) };
}

export function validateQuery(raw: unknown, where: string): QueryDefinition {
  if (!isMap(raw)) fail(where, 'a query file must be a map');
  noUnknown(raw, KNOWN.top, where);
  const severity = str(raw.severity, `${where}.severity`);
  if (!(SEVERITIES as readonly string[]).includes(severity)) fail(`${where}.severity`, `expected one of ${SEVERITIES.join(', ')}`);
  const m = raw.match;
  if (!isMap(m)) fail(`${where}.match`, 'expected a map');
  noUnknown(m, KNOWN.match, `${where}.match`);
  const list = (v: unknown, w: string) => (v === undefined ? [] : Array.isArray(v) ? v.map((x, i) => pattern(x, `${w}[${i}]`)) : fail(w, 'expected a list'));
  const scope = m.scope === undefined ? 'any' : str(m.scope, `${where}.match.scope`);
  if (!['any', 'cluster', 'namespace'].includes(scope)) fail(`${where}.match.scope`, 'expected any, cluster or namespace');
  const hygiene = m.hygiene === undefined ? undefined : str(m.hygiene, `${where}.match.hygiene`);
  if (hygiene !== undefined && !(HYGIENE_CHECKS as readonly string[]).includes(hygiene)) fail(`${where}.match.hygiene`, `expected one of ${HYGIENE_CHECKS.join(', ')}`);
  if (m.includeRestricted !== undefined && typeof m.includeRestricted !== 'boolean') fail(`${where}.match.includeRestricted`, 'expected true or false');
  let reaches: QueryMatch['reaches'];
  if (m.reaches !== undefined) {
    if (!isMap(m.reaches)) fail(`${where}.match.reaches`, 'expected a map with target and maxHops');
    noUnknown(m.reaches, ['target', 'maxHops'], `${where}.match.reaches`);
    const maxHops = m.reaches.maxHops === undefined ? 3 : m.reaches.maxHops;
    if (typeof maxHops !== 'number' || !Number.isInteger(maxHops) || maxHops < 1) fail(`${where}.match.reaches.maxHops`, 'expected a whole number of at least 1');
    reaches = { target: str(m.reaches.target, `${where}.match.reaches.target`), maxHops };
  }
  let workloads: QueryMatch['workloads'];
  if (m.workloads !== undefined) {
    const w = m.workloads;
    if (!isMap(w)) fail(`${where}.match.workloads`, 'expected a map with nodeAccess and tokenCan');
    noUnknown(w, ['nodeAccess', 'tokenCan'], `${where}.match.workloads`);
    if (w.nodeAccess !== true) fail(`${where}.match.workloads.nodeAccess`, 'expected true (the only workload property a check can ask about)');
    const tokenCan = list(w.tokenCan, `${where}.match.workloads.tokenCan`);
    if (tokenCan.length === 0) fail(`${where}.match.workloads.tokenCan`, 'expected a non-empty list of patterns');
    workloads = { nodeAccess: true, tokenCan };
  }
  const match: QueryMatch = {
    anyOf: list(m.anyOf, `${where}.match.anyOf`),
    allOf: m.allOf === undefined ? [] : Array.isArray(m.allOf) ? m.allOf.map((x, i) => allOfPart(x, `${where}.match.allOf[${i}]`)) : fail(`${where}.match.allOf`, 'expected a list'),
    boundTo: strs(m.boundTo, `${where}.match.boundTo`),
    scope: scope as QueryMatch['scope'],
    includeRestricted: m.includeRestricted !== false,
    ...(hygiene ? { hygiene: hygiene as HygieneCheck } : {}),
    ...(reaches ? { reaches } : {}),
    ...(workloads ? { workloads } : {}),
  };
  const kinds = [match.anyOf.length > 0, match.allOf.length > 0, match.boundTo.length > 0, !!match.hygiene, !!match.reaches, !!match.workloads].filter(Boolean).length;
  if (kinds !== 1) fail(`${where}.match`, 'needs exactly one of anyOf, allOf, boundTo, hygiene, reaches, workloads');
  const exclude = (raw.exclude === undefined ? [] : Array.isArray(raw.exclude) ? raw.exclude : fail(`${where}.exclude`, 'expected a list')).map((e, i) => {
    const w = `${where}.exclude[${i}]`;
    if (!isMap(e)) fail(w, 'expected a map');
    noUnknown(e, KNOWN.exclude, w);
    const x: Exclusion = { subjects: strs(e.subjects, `${w}.subjects`), namespaces: strs(e.namespaces, `${w}.namespaces`), roles: strs(e.roles, `${w}.roles`), bindings: strs(e.bindings, `${w}.bindings`), reason: str(e.reason, `${w}.reason`) };
    if (!x.subjects.length && !x.namespaces.length && !x.roles.length && !x.bindings.length) fail(w, 'excludes nothing: name subjects, namespaces, roles or bindings');
    return x;
  });
  const ex = raw.examples;
  if (!isMap(ex)) fail(`${where}.examples`, 'expected a map with fires and quiet');
  noUnknown(ex, ['fires', 'quiet'], `${where}.examples`);
  const exList = (v: unknown, w: string) => (Array.isArray(v) && v.length > 0 ? v.map((x, i) => example(x, `${w}[${i}]`)) : fail(w, 'needs at least one example'));
  return {
    id: str(raw.id, `${where}.id`),
    title: str(raw.title, `${where}.title`),
    severity: severity as QuerySeverity,
    description: str(raw.description, `${where}.description`),
    why: str(raw.why, `${where}.why`),
    references: strs(raw.references, `${where}.references`),
    match,
    exclude,
    examples: { fires: exList(ex.fires, `${where}.examples.fires`), quiet: exList(ex.quiet, `${where}.examples.quiet`) },
  };
}
