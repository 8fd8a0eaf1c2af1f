// Raw decoded objects -> model objects. Pure. Anything odd becomes a Diagnostic naming the
// object's source; objects the API server would reject are kept (the user may be checking a
// draft) but warned about, with the rule from pkg/apis/rbac/validation/validation.go they break.
import type { Diagnostic } from '../model/diagnostic.js';
import {
  RBAC_GROUP,
  type AggregationRule,
  type LabelSelector,
  type PolicyRule,
  type RbacObject,
  type RoleRef,
  type SourceRef,
  type Subject,
} from '../model/rbac.js';
import type { ServiceAccountTokenSecret } from '../model/snapshot.js';
import type { Workload } from '../model/workload.js';
import { checkObjectName, checkPlaceholder } from './validate-names.js';
import { isWorkloadKind, readWorkload } from './workloads.js';

export interface NormalizeContext {
  defaultNamespace: string;
  diagnostics: Diagnostic[];
}

export type Normalized = { type: 'object'; object: RbacObject } | { type: 'token-secret'; secret: ServiceAccountTokenSecret } | { type: 'workload'; workload: Workload } | { type: 'skipped'; kind: string } | { type: 'invalid' };

const NAMESPACED = new Set(['Role', 'RoleBinding', 'ServiceAccount']);
const RBAC_KINDS = new Set(['Role', 'ClusterRole', 'RoleBinding', 'ClusterRoleBinding']);

type Raw = Record<string, unknown>;

// Never the value itself: it may be nested beyond what JSON.stringify can walk, or a megabyte long.
function describeValue(v: unknown): string {
  return v === null ? 'null' : Array.isArray(v) ? 'a list' : typeof v === 'object' ? 'a map' : `${typeof v} ${String(v).slice(0, 80)}`;
}

// What an absent list or map reads as: one frozen value each, shared by every object that lacks the
// field (most rules have no resourceNames; most objects no labels), so a large input keeps fewer
// small objects alive. Model objects are never changed once read.
const NO_STRINGS = Object.freeze([]) as unknown as string[];
const NO_ENTRIES = Object.freeze({}) as Record<string, string>;

function isObject(v: unknown): v is Raw {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

// The common case of Reader.strings and Reader.string, read without naming the field (a name is
// made only for a warning: 100k objects would otherwise make millions of strings for nothing).
// undefined: not the common case; the Reader reads it and warns.
function plainStrings(v: unknown): string[] | undefined {
  if (v === undefined || v === null) return NO_STRINGS;
  if (!Array.isArray(v)) return undefined;
  for (let i = 0; i < v.length; i++) if (typeof v[i] !== 'string') return undefined;
  return v as string[];
}

function plainString(v: unknown): string | undefined {
  return typeof v === 'string' ? v : v === undefined || v === null ? '' : undefined;
}

class Reader {
  constructor(
    private readonly ctx: NormalizeContext,
    private readonly source: SourceRef,
    private readonly kind: string,
    private readonly name: unknown,
  ) {}

  warn(code: string, message: string, severity: Diagnostic['severity'] = 'warning'): void {
    const what = `${this.kind} ${typeof this.name === 'string' ? this.name : '(unnamed)'}`;
    this.ctx.diagnostics.push({ severity, code, message: `${what}: ${message}`, source: this.source });
  }

  string(v: unknown, field: string): string {
    const plain = plainString(v);
    if (plain !== undefined) return plain;
    if (typeof v === 'number' || typeof v === 'boolean') {
      this.warn('wrong-type', `${field} should be a string, got ${typeof v} ${String(v)}; read as "${String(v)}"`);
      return String(v);
    }
    this.warn('wrong-type', `${field} should be a string, got ${Array.isArray(v) ? 'a list' : typeof v}; ignored`);
    return '';
  }

  strings(v: unknown, field: string): string[] {
    // The common case: absent, or already a list of strings, kept as it is (no copy: large inputs allocate less).
    const plain = plainStrings(v);
    if (plain) return plain;
    // Never widen a rule: dropping a bad resourceNames entry would turn "these names" into "every
    // name". A scalar is read as its text; anything else as a literal that matches no real name.
    const literal = (x: unknown) => (typeof x === 'string' ? x : typeof x === 'number' || typeof x === 'boolean' ? String(x) : `<invalid ${describeValue(x)}>`);
    if (!Array.isArray(v)) {
      this.warn('wrong-type', `${field} should be a list of strings, got ${describeValue(v)}; read as the one-item list [${literal(v)}]`);
      return [literal(v)];
    }
    const out: string[] = [];
    for (const item of v) {
      if (typeof item !== 'string') this.warn('wrong-type', `${field} holds a non-string entry (${describeValue(item)}); read as "${literal(item)}"`);
      out.push(literal(item));
    }
    return out;
  }

  map(v: unknown, field: string): Record<string, string> {
    if (v === undefined || v === null) return NO_ENTRIES;
    if (isObject(v) && Object.values(v).every((x) => typeof x === 'string')) return v as Record<string, string>;
    if (!isObject(v)) {
      this.warn('wrong-type', `${field} should be a map; ignored`);
      return {};
    }
    const out: Record<string, string> = {};
    for (const [k, val] of Object.entries(v)) out[k] = this.string(val, `${field}.${k}`);
    return out;
  }

  list(v: unknown, field: string): unknown[] {
    if (v === undefined || v === null) return [];
    if (!Array.isArray(v)) {
      this.warn('wrong-type', `${field} should be a list; ignored`);
      return [];
    }
    return v;
  }
}

export function normalizeObject(raw: unknown, source: SourceRef, ctx: NormalizeContext): Normalized {
  if (!isObject(raw)) {
    ctx.diagnostics.push({ severity: 'error', code: 'not-an-object', message: `document is not a Kubernetes object (got ${Array.isArray(raw) ? 'a list' : typeof raw})`, source });
    return { type: 'invalid' };
  }
  const kind = typeof raw.kind === 'string' ? raw.kind : '';
  const apiVersion = typeof raw.apiVersion === 'string' ? raw.apiVersion : '';
  if (!kind) {
    ctx.diagnostics.push({ severity: 'error', code: 'missing-kind', message: 'object has no kind; skipped', source });
    return { type: 'invalid' };
  }
  if (kind === 'Secret') return readTokenSecret(raw, source, ctx);
  if (isWorkloadKind(kind)) {
    const workload = readWorkload(kind, raw, source, ctx.defaultNamespace, ctx.diagnostics);
    return workload ? { type: 'workload', workload } : { type: 'invalid' };
  }
  if (!RBAC_KINDS.has(kind) && !['ServiceAccount', 'Namespace', 'CustomResourceDefinition'].includes(kind)) {
    return { type: 'skipped', kind };
  }
  const meta = isObject(raw.metadata) ? raw.metadata : {};
  const r = new Reader(ctx, source, kind, meta.name);
  if (RBAC_KINDS.has(kind) && apiVersion !== `${RBAC_GROUP}/v1`) {
    const legacy = apiVersion.startsWith(`${RBAC_GROUP}/`);
    r.warn('api-version', legacy ? `apiVersion ${apiVersion} was removed in Kubernetes 1.22; read as ${RBAC_GROUP}/v1` : `apiVersion "${apiVersion}" is not ${RBAC_GROUP}/v1; read as RBAC anyway`);
  }
  const name = r.string(meta.name, 'metadata.name');
  if (!name) {
    ctx.diagnostics.push({ severity: 'error', code: 'missing-name', message: `${kind} has no metadata.name; skipped`, source });
    return { type: 'invalid' };
  }
  let namespace = r.string(meta.namespace, 'metadata.namespace');
  if (NAMESPACED.has(kind) && !namespace) namespace = ctx.defaultNamespace;
  const base = { name, labels: r.map(meta.labels, 'metadata.labels'), annotations: r.map(meta.annotations, 'metadata.annotations'), source };
  for (const problem of [checkObjectName(kind, name), NAMESPACED.has(kind) ? checkObjectName('Namespace', namespace, 'namespace') : undefined, checkPlaceholder(name), checkPlaceholder(namespace)]) {
    if (problem) r.warn('invalid-name', `${problem}; the API server would reject it (kept for analysis)`);
  }

  switch (kind) {
    case 'Role':
      return { type: 'object', object: { kind, namespace, ...base, rules: readRules(r, raw.rules, true) } };
    case 'ClusterRole': {
      const aggregationRule = readAggregationRule(r, raw.aggregationRule);
      return { type: 'object', object: { kind, ...base, rules: readRules(r, raw.rules, false), ...(aggregationRule ? { aggregationRule } : {}) } };
    }
    case 'RoleBinding':
    case 'ClusterRoleBinding': {
      const roleRef = readRoleRef(r, raw.roleRef, kind);
      const listed = r.list(raw.subjects, 'subjects');
      const valid: Subject[] = [];
      for (let i = 0; i < listed.length; i++) {
        const s = readSubject(r, listed[i], i, kind);
        if (s) valid.push(s);
      }
      if (kind === 'RoleBinding') return { type: 'object', object: { kind, namespace, ...base, roleRef, subjects: valid } };
      return { type: 'object', object: { kind, ...base, roleRef, subjects: valid } };
    }
    case 'ServiceAccount': {
      const automount = raw.automountServiceAccountToken;
      return { type: 'object', object: { kind, namespace, ...base, ...(typeof automount === 'boolean' ? { automountServiceAccountToken: automount } : {}) } };
    }
    case 'Namespace':
      return { type: 'object', object: { kind, ...base } };
    default:
      return readCrd(r, raw, base);
  }
}

function readRules(r: Reader, v: unknown, inRole: boolean): PolicyRule[] {
  const items = r.list(v, 'rules');
  const rules: PolicyRule[] = [];
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    if (!isObject(item)) {
      r.warn('wrong-type', `rules[${i}] is not a map; ignored`);
      continue;
    }
    const rule: PolicyRule = {
      verbs: plainStrings(item.verbs) ?? r.strings(item.verbs, `rules[${i}].verbs`),
      apiGroups: plainStrings(item.apiGroups) ?? r.strings(item.apiGroups, `rules[${i}].apiGroups`),
      resources: plainStrings(item.resources) ?? r.strings(item.resources, `rules[${i}].resources`),
      resourceNames: plainStrings(item.resourceNames) ?? r.strings(item.resourceNames, `rules[${i}].resourceNames`),
      nonResourceURLs: plainStrings(item.nonResourceURLs) ?? r.strings(item.nonResourceURLs, `rules[${i}].nonResourceURLs`),
    };
    const problem = (p: string) => r.warn('invalid-rule', `rules[${i}] ${p}`);
    if (rule.verbs.length === 0) problem('has no verbs, so it grants nothing');
    if (rule.nonResourceURLs.length > 0) {
      if (inRole) problem('has nonResourceURLs, which a namespaced Role may not hold');
      if (rule.apiGroups.length || rule.resources.length || rule.resourceNames.length) problem('mixes nonResourceURLs with apiGroups/resources/resourceNames');
    } else if (rule.resources.length === 0 || rule.apiGroups.length === 0) {
      problem('needs at least one apiGroup and one resource (or nonResourceURLs), so it grants nothing');
    }
    rules.push(rule);
  }
  return rules;
}

function readRoleRef(r: Reader, v: unknown, bindingKind: string): RoleRef {
  if (!isObject(v)) {
    r.warn('invalid-roleref', 'roleRef is missing; the binding grants nothing', 'error');
    return { apiGroup: '', kind: '', name: '' };
  }
  const ref = { apiGroup: r.string(v.apiGroup, 'roleRef.apiGroup'), kind: r.string(v.kind, 'roleRef.kind'), name: r.string(v.name, 'roleRef.name') };
  if (ref.apiGroup !== RBAC_GROUP && ref.apiGroup !== '') r.warn('invalid-roleref', `roleRef.apiGroup "${ref.apiGroup}" is not ${RBAC_GROUP} (the authorizer does not check it)`);
  if (bindingKind === 'ClusterRoleBinding' && ref.kind !== 'ClusterRole') {
    r.warn('invalid-roleref', `roleRef.kind "${ref.kind}" is not ClusterRole; a ClusterRoleBinding of it grants nothing`, 'error');
  } else if (ref.kind !== 'Role' && ref.kind !== 'ClusterRole') {
    r.warn('invalid-roleref', `roleRef.kind "${ref.kind}" is not Role or ClusterRole; the binding grants nothing`, 'error');
  }
  if (!ref.name) r.warn('invalid-roleref', 'roleRef.name is empty; the binding grants nothing', 'error');
  return ref;
}

function readSubject(r: Reader, v: unknown, i: number, bindingKind: string): Subject | undefined {
  if (!isObject(v)) {
    r.warn('wrong-type', `subjects[${i}] is not a map; ignored`);
    return undefined;
  }
  const s: Subject = { kind: plainString(v.kind) ?? r.string(v.kind, `subjects[${i}].kind`), name: plainString(v.name) ?? r.string(v.name, `subjects[${i}].name`) };
  const ns = plainString(v.namespace) ?? r.string(v.namespace, `subjects[${i}].namespace`);
  if (ns) s.namespace = ns;
  if (v.apiGroup !== undefined) s.apiGroup = plainString(v.apiGroup) ?? r.string(v.apiGroup, `subjects[${i}].apiGroup`);
  const problem = (p: string) => r.warn('invalid-subject', `subjects[${i}] ${p}`);
  if (s.kind !== 'User' && s.kind !== 'Group' && s.kind !== 'ServiceAccount') problem(`kind "${s.kind}" is not User, Group or ServiceAccount (case-sensitive), so it matches no one`);
  if (!s.name) problem('has an empty name');
  if ((s.kind === 'User' || s.kind === 'Group') && s.apiGroup !== undefined && s.apiGroup !== '' && s.apiGroup !== RBAC_GROUP) problem(`apiGroup "${s.apiGroup}" should be ${RBAC_GROUP}`);
  if (s.kind === 'ServiceAccount' && s.apiGroup) problem(`apiGroup "${s.apiGroup}" should be "" for a ServiceAccount`);
  if (s.kind === 'ServiceAccount' && !s.namespace && bindingKind === 'ClusterRoleBinding') problem('is a ServiceAccount without a namespace in a ClusterRoleBinding, so it matches no one');
  const placeholder = checkPlaceholder(s.name) ?? checkPlaceholder(s.namespace ?? '');
  if (placeholder) problem(placeholder);
  return s;
}

// clusterRoleSelectors holds values, not pointers: a null item decodes to the zero selector `{}`,
// which selects every ClusterRole (spec §9.3). Anything that Go cannot decode into a selector, or a
// requirement, makes the selector invalid (null here): it is reported, never dropped, since
// dropping a requirement would widen the selector.
function readSelector(r: Reader, v: unknown, f: string): LabelSelector | null {
  if (v === null) return { matchLabels: {}, matchExpressions: [] };
  if (!isObject(v)) {
    r.warn('wrong-type', `${f} is not a map; the selector is invalid and the aggregation controller cannot sync this role`);
    return null;
  }
  const matchExpressions = r.list(v.matchExpressions, `${f}.matchExpressions`).map((e, j) => {
    const at = `${f}.matchExpressions[${j}]`;
    if (!isObject(e)) {
      r.warn('wrong-type', `${at} is not a map: it decodes to a requirement with no key and no operator, which makes the selector invalid`);
      return { key: '', operator: '', values: [] };
    }
    return { key: r.string(e.key, `${at}.key`), operator: r.string(e.operator, `${at}.operator`), values: r.strings(e.values, `${at}.values`) };
  });
  return { matchLabels: r.map(v.matchLabels, `${f}.matchLabels`), matchExpressions };
}

function readAggregationRule(r: Reader, v: unknown): AggregationRule | undefined {
  if (v === undefined || v === null) return undefined;
  if (!isObject(v)) {
    r.warn('wrong-type', 'aggregationRule is not a map; ignored');
    return undefined;
  }
  const clusterRoleSelectors = r.list(v.clusterRoleSelectors, 'aggregationRule.clusterRoleSelectors').map((s, i) => readSelector(r, s, `aggregationRule.clusterRoleSelectors[${i}]`));
  if (clusterRoleSelectors.length === 0) r.warn('invalid-aggregation-selector', 'aggregationRule has no clusterRoleSelectors (the API server requires one); it aggregates nothing');
  return { clusterRoleSelectors };
}

function readCrd(r: Reader, raw: Raw, base: { name: string; labels: Record<string, string>; annotations: Record<string, string>; source: SourceRef }): Normalized {
  const spec = isObject(raw.spec) ? raw.spec : {};
  const names = isObject(spec.names) ? spec.names : {};
  const plural = r.string(names.plural, 'spec.names.plural');
  const group = r.string(spec.group, 'spec.group');
  if (!plural || !group) {
    r.warn('invalid-crd', 'CustomResourceDefinition without spec.group or spec.names.plural; ignored');
    return { type: 'invalid' };
  }
  return {
    type: 'object',
    object: {
      kind: 'CustomResourceDefinition',
      ...base,
      group,
      plural,
      singular: r.string(names.singular, 'spec.names.singular'),
      shortNames: r.strings(names.shortNames, 'spec.names.shortNames'),
      resourceKind: r.string(names.kind, 'spec.names.kind'),
      namespaced: r.string(spec.scope, 'spec.scope') !== 'Cluster',
      subresources: crdSubresources(spec),
    },
  };
}

/** status and scale, when a served version declares them (or the v1beta1 top-level spec.subresources). */
function crdSubresources(spec: Raw): string[] {
  const versions = Array.isArray(spec.versions) ? spec.versions.filter((v): v is Raw => isObject(v) && v.served !== false) : [];
  const declared = [spec.subresources, ...versions.map((v) => v.subresources)];
  const out = new Set<string>();
  for (const d of declared) {
    if (!isObject(d)) continue;
    for (const sub of ['status', 'scale']) if (sub in d && d[sub] !== null && d[sub] !== undefined) out.add(sub);
  }
  return [...out].sort();
}

const TOKEN_SECRET = 'kubernetes.io/service-account-token';
const SA_NAME = 'kubernetes.io/service-account.name';

// Only a legacy token Secret matters to RBAC (whoever reads it holds that ServiceAccount's
// token); only its name, namespace and ServiceAccount are kept, never data or stringData.
function readTokenSecret(raw: Raw, source: SourceRef, ctx: NormalizeContext): Normalized {
  const meta = isObject(raw.metadata) ? raw.metadata : {};
  const annotations = isObject(meta.annotations) ? meta.annotations : {};
  const sa = annotations[SA_NAME];
  if (raw.type !== TOKEN_SECRET || typeof sa !== 'string' || !sa || typeof meta.name !== 'string' || !meta.name) return { type: 'skipped', kind: 'Secret' };
  const namespace = typeof meta.namespace === 'string' && meta.namespace ? meta.namespace : ctx.defaultNamespace;
  return { type: 'token-secret', secret: { namespace, name: meta.name, serviceAccount: sa, source } };
}
