// The queries the HTML report answers in the browser, over its embedded data (types.ts). Every
// function here is self-contained (it names nothing outside itself but its parameters), because
// the page embeds this very code with Function.prototype.toString; the rule matcher is the
// library's own (semantics/rule-matches.ts), passed in. test/report/html-report.test.ts checks
// the answers equal the library's on whole worlds.
import type { PolicyRule, Subject } from '../../model/rbac.js';
import type { Request } from '../../model/request.js';
import type { Grant, ObjectRef } from '../../model/results.js';
import type { EmbeddedBinding, EmbeddedRole, ReportData, ResourceTuple } from './types.js';

export interface TextRequest {
  verb: string;
  resource: string;
  name?: string;
  namespace?: string;
  allNamespaces?: boolean;
  apiGroup?: string;
  subresource?: string;
}

/** "delete secrets -n prod", "get pods/log -A", "create deployments.apps NAME --namespace=x", "get /metrics". */
export function parseRequestText(text: string): TextRequest {
  const words = text.trim().split(/\s+/).filter((w) => w !== '');
  const out: TextRequest = { verb: '', resource: '' };
  const positional: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    const eq = w.indexOf('=');
    const flag = w.startsWith('--') && eq > 0 ? w.slice(0, eq) : w;
    const inline = w.startsWith('--') && eq > 0 ? w.slice(eq + 1) : undefined;
    const value = (): string => {
      if (inline !== undefined) return inline;
      const v = words[++i];
      if (v === undefined) throw new Error(`${flag} needs a value`);
      return v;
    };
    if (flag === '-n' || flag === '--namespace') out.namespace = value();
    else if (flag === '-A' || flag === '--all-namespaces') out.allNamespaces = true;
    else if (flag === '--api-group') out.apiGroup = value();
    else if (flag === '--subresource') out.subresource = value();
    else if (flag === '--name') out.name = value();
    else if (w.startsWith('-') && w.length > 1) throw new Error(`unknown flag ${w}: use -n NAMESPACE, -A, --api-group, --subresource or --name`);
    else positional.push(w);
  }
  if (positional.length < 2 || positional.length > 3) throw new Error('expected VERB RESOURCE [NAME] [-n NAMESPACE | -A], e.g. "delete secrets -n prod"');
  out.verb = positional[0]!;
  out.resource = positional[1]!;
  if (positional[2] !== undefined && out.name === undefined) out.name = positional[2];
  return out;
}

/** The CLI's request resolution (engine/request-spec.ts) over the embedded resource catalogue. */
export function resolveEmbedded(spec: TextRequest, table: ReportData['resources']): { request: Request; allNamespaces: boolean } {
  const verb = spec.verb;
  if (!verb) throw new Error('a verb is needed, e.g. get, list, create, delete, impersonate, bind');
  if (spec.resource.startsWith('/')) return { request: { kind: 'nonResource', verb, path: spec.resource }, allNamespaces: false };
  const slash = spec.resource.indexOf('/');
  const text = slash >= 0 ? spec.resource.slice(0, slash) : spec.resource;
  const after = slash >= 0 ? spec.resource.slice(slash + 1) : undefined;
  if (after !== undefined && (!after || after.includes('/'))) throw new Error(`resource "${spec.resource}": expected RESOURCE/SUBRESOURCE or RESOURCE/NAME, e.g. pods/exec or secrets/db-password`);
  let group = spec.apiGroup;
  let name = text;
  const dot = text.indexOf('.');
  if (dot >= 0 && group === undefined) {
    name = text.slice(0, dot);
    group = text.slice(dot + 1);
  }
  const wildcard = name === '*';
  if (wildcard && group === undefined) group = '*';
  const lower = name.toLowerCase();
  const list = !wildcard && Object.prototype.hasOwnProperty.call(table, lower) ? table[lower]! : [];
  let matches = group === undefined ? list : list.filter((r) => r[0] === group);
  if (group === undefined && matches.length > 1) matches = [matches[0]!];
  const found = matches[0];
  const resource = found ? found[1] : name;
  const apiGroup = found ? found[0] : group;
  // RESOURCE/X: a subresource RESOURCE serves ("*": any resource of the group does), else a name.
  const serves = (t: ResourceTuple) => t[3].includes(after ?? '') || t[3].includes('*');
  const isSub = after !== undefined && (found ? serves(found) : wildcard && Object.keys(table).some((k) => table[k]!.some((t) => (group === '*' || t[0] === group) && t[3].includes(after))));
  let subresource = spec.subresource ?? '';
  let reqName = spec.name ?? '';
  if (after !== undefined) {
    const twice = `"${spec.resource}" already names the object ${after}, and a name "${reqName}" is given too`;
    if (subresource || !isSub) {
      if (reqName) throw new Error(twice);
      reqName = after;
    } else subresource = after;
  }
  // bind on a ClusterRole is checked in the namespace of the RoleBinding being created (spec §10.2).
  const bindsClusterRole = verb === 'bind' && resource === 'clusterroles' && apiGroup === 'rbac.authorization.k8s.io';
  const namespaced = bindsClusterRole || (found ? found[2] : true);
  let namespace = '';
  let allNamespaces = false;
  if (apiGroup === '' && resource === 'namespaces' && reqName) namespace = reqName;
  else if (!namespaced) namespace = '';
  else if (spec.namespace) namespace = spec.namespace;
  else allNamespaces = true;
  if (spec.allNamespaces && !namespaced) allNamespaces = false;
  if (reqName && verb === 'deletecollection') reqName = '';
  return { request: { kind: 'resource', verb, apiGroup, resource, subresource, name: reqName, namespace }, allNamespaces };
}

export interface EmbeddedWhoCan {
  request: Request;
  allNamespaces: boolean;
  grants: Grant[];
  unmatchable: { subject: Subject; binding: ObjectRef; reason: string }[];
}

/** engine/who-can.ts whoCan, over the embedded bindings (already in the authorizer's order). */
export function whoCanEmbedded(d: ReportData, rules: PolicyRule[], req: Request, allNs: boolean, ruleAllows: (r: PolicyRule, q: Request) => boolean): EmbeddedWhoCan {
  const allNamespaces = !!allNs && req.kind === 'resource' && req.namespace === '';
  const memo = new Map<number, number>();
  const subject = (i: number): Subject => {
    const s = d.subjects[i]!;
    return s[2] ? { kind: s[0], name: s[1], namespace: s[2] } : { kind: s[0], name: s[1] };
  };
  const grants: Grant[] = [];
  const unmatchable: EmbeddedWhoCan['unmatchable'] = [];
  for (const b of d.bindings) {
    if (b.kind === 'RoleBinding') {
      if (req.kind !== 'resource') continue;
      if (req.namespace !== '' ? b.ns !== req.namespace : !allNamespaces) continue;
    }
    if (b.role < 0) continue;
    const role = d.roles[b.role]!;
    let idx = memo.get(b.role);
    if (idx === undefined) {
      idx = role.rules.findIndex((ri) => ruleAllows(rules[ri]!, req));
      memo.set(b.role, idx);
    }
    if (idx < 0) continue;
    const binding: ObjectRef = b.kind === 'RoleBinding' ? { kind: b.kind, name: b.name, namespace: b.ns } : { kind: b.kind, name: b.name };
    if (b.defaultPolicy) binding.defaultPolicy = b.defaultPolicy;
    for (const [si, reason, raw] of b.subjects) {
      if (reason) {
        const st = raw ?? [d.subjects[si]![0], d.subjects[si]![1], d.subjects[si]![2]];
        unmatchable.push({ subject: st[2] ? { kind: st[0], name: st[1], namespace: st[2] } : { kind: st[0], name: st[1] }, binding, reason });
        continue;
      }
      const g: Grant = {
        subject: subject(si),
        binding,
        role: embeddedRoleRef(b, role),
        scope: b.ns,
        ruleIndex: idx,
        rule: rules[role.rules[idx]!]!,
      };
      const from = role.from?.[idx];
      if (from) g.aggregatedFrom = from;
      if (role.dependsOnHistory) g.dependsOnHistory = true;
      grants.push(g);
    }
  }
  return { request: req, allNamespaces, grants, unmatchable };
}

/** The role a grant names, marked as the library marks it (engine/grants.ts markDefault). */
export function embeddedRoleRef(b: EmbeddedBinding, role: EmbeddedRole): ObjectRef {
  const ref: ObjectRef = b.roleRef[0] === 'Role' ? { kind: 'Role', name: b.roleRef[1], namespace: b.ns } : { kind: b.roleRef[0], name: b.roleRef[1] };
  if (role.defaultPolicy) ref.defaultPolicy = role.defaultPolicy;
  return ref;
}

/** engine/what-can.ts whatCan for one subject of the graph, over the embedded bindings. */
export function whatCanEmbedded(d: ReportData, rules: PolicyRule[], subjectKey: string, namespace?: string): { grants: Grant[]; ineffective: (Grant & { reason: string })[] } {
  const grants: Grant[] = [];
  const ineffective: (Grant & { reason: string })[] = [];
  const entries = Object.prototype.hasOwnProperty.call(d.whatCan, subjectKey) ? d.whatCan[subjectKey]! : [];
  for (const [bi, pos] of entries) {
    const b = d.bindings[bi]!;
    if (b.kind === 'RoleBinding' && namespace !== undefined && b.ns !== namespace) continue;
    if (b.role < 0) continue;
    const role = d.roles[b.role]!;
    const s = d.subjects[b.subjects[pos]![0]]!;
    const binding: ObjectRef = b.kind === 'RoleBinding' ? { kind: b.kind, name: b.name, namespace: b.ns } : { kind: b.kind, name: b.name };
    if (b.defaultPolicy) binding.defaultPolicy = b.defaultPolicy;
    role.rules.forEach((ri, i) => {
      const g: Grant = {
        subject: s[2] ? { kind: s[0], name: s[1], namespace: s[2] } : { kind: s[0], name: s[1] },
        binding,
        role: embeddedRoleRef(b, role),
        scope: b.ns,
        ruleIndex: i,
        rule: rules[ri]!,
      };
      const from = role.from?.[i];
      if (from) g.aggregatedFrom = from;
      if (role.dependsOnHistory) g.dependsOnHistory = true;
      const reason = b.ns && Object.prototype.hasOwnProperty.call(d.nsIneffective, String(ri)) ? d.nsIneffective[String(ri)]! : '';
      if (reason) ineffective.push({ ...g, reason });
      else grants.push(g);
    });
  }
  return { grants, ineffective };
}

/** The functions the page embeds, in the order it defines them. */
export const EMBEDDED_ENGINE = [parseRequestText, resolveEmbedded, embeddedRoleRef, whoCanEmbedded, whatCanEmbedded];
