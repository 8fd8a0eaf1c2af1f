// The edges one grant node's own rules give: who it can act as by creating workloads, exec,
// minting tokens, reading legacy token Secrets, impersonating, or the kubelet API. A grant in a
// namespace reaches that namespace's objects; a cluster-wide grant reaches every namespace's,
// with resourceNames naming the same objects in each (serviceaccounts/token [admin-sa] mints
// the token of every ServiceAccount named admin-sa).
import type { PolicyRule } from '../model/rbac.js';
import { ruleAllows } from '../semantics/rule-matches.js';
import { parseServiceAccountUsername } from '../semantics/user-info.js';
import { ruleSetIds } from '../engine/rule-sets.js';
import { CAPABILITY_SPECS, LEGACY_TOKEN_CONDITION, type EdgeKind, type ResourceRequest } from './escalation-edges.js';
import { ANY_USER, type GraphBuilder, type PathEdge } from './graph-builder.js';
import { execTargets, nodeProxyTargets, updateTargets } from './workload-edges.js';

const LEGACY_TOKEN_NAME = /^(.+)-token-[a-z0-9]{5}$/;

interface Capability {
  kind: EdgeKind;
  req: ResourceRequest;
  /** Limited to these object names; undefined: every name. */
  names?: string[];
}

// The capability requests as the matcher takes them, made once (capabilitiesOf runs per distinct rule list).
const REQUESTS = CAPABILITY_SPECS.flatMap((spec) => spec.anyOf.map((req) => ({ kind: spec.kind, req, full: { ...req, namespace: '' } })));

/** What a rule list allows of the capability requests, through a RoleBinding or cluster-wide: the same for every role with those rules. */
function capabilitiesOf(rules: PolicyRule[], throughRoleBinding: boolean): Capability[] {
  const out: Capability[] = [];
  for (const { kind, req, full } of REQUESTS) {
    // Cluster-scoped requests (nodes/proxy, impersonating users) are never granted through a RoleBinding.
    if (throughRoleBinding && (req.resource === 'nodes' || req.resource === 'users')) continue;
    if (rules.some((r) => ruleAllows(r, full))) {
      out.push({ kind, req });
      continue;
    }
    const names = new Set<string>();
    for (const r of rules) for (const n of r.resourceNames) if (!names.has(n) && ruleAllows(r, { ...full, name: n })) names.add(n);
    if (names.size > 0) out.push({ kind, req, names: [...names] });
  }
  return out;
}

const memo = new WeakMap<GraphBuilder, Map<string, Capability[]>>();

/** Scope "" is cluster-wide, "*" RoleBindings in every namespace (namespaced objects of all of them), else one namespace. */
export function addCapabilities(b: GraphBuilder, grant: number, rules: PolicyRule[], where: string): void {
  const scope = where === '*' ? '' : where;
  let byRules = memo.get(b);
  if (!byRules) memo.set(b, (byRules = new Map()));
  const key = `${ruleSetIds(b.policy)(rules)}${where ? ' ns' : ''}`;
  let caps = byRules.get(key);
  if (!caps) byRules.set(key, (caps = capabilitiesOf(rules, where !== '')));
  for (const { kind, req, names } of caps) {
    const via = `${req.verb} ${req.resource}${req.subresource ? `/${req.subresource}` : ''}${names ? ` [${names.join(', ')}]` : ''}${where === '*' ? ' in every namespace' : scope ? ` in ${scope}` : ' (cluster-wide)'}`;
    for (const [target, e] of targets(b, req, scope, names, via)) b.edge(grant, target, { kind, ...e });
  }
}

/** A node id and the edge to it. */
type Target = [number, Omit<PathEdge, 'kind'>];

function targets(b: GraphBuilder, req: ResourceRequest, scope: string, names: string[] | undefined, via: string): Target[] {
  const plain = (ids: number[]): Target[] => ids.map((id) => [id, { via }]);
  if (req.resource === 'pods' && req.subresource) return execTargets(b, scope, names, via) ?? (names ? [] : plain(b.serviceAccountsIn(scope)));
  if (req.resource === 'nodes') return nodeProxyTargets(b, names, via) ?? (names ? [] : plain(b.serviceAccountsIn(scope)));
  if (names && (req.verb === 'update' || req.verb === 'patch')) return updateTargets(b, req.resource, scope, names, via);
  switch (req.resource) {
    case 'pods':
    case 'deployments':
    case 'daemonsets':
    case 'statefulsets':
    case 'replicasets':
    case 'replicationcontrollers':
    case 'jobs':
    case 'cronjobs':
    case 'nodes':
      // Limited to named pods or workloads: whose ServiceAccount they run as is not in RBAC data.
      return names ? [] : plain(b.serviceAccountsIn(scope));
    case 'serviceaccounts':
      // serviceaccounts/token and impersonating serviceaccounts: the name is the ServiceAccount's.
      return plain(names ? b.serviceAccountsByName(names, scope) : b.serviceAccountsIn(scope));
    case 'users':
      return plain(names ? names.map((n) => { const sa = parseServiceAccountUsername(n); return sa ? b.serviceAccount(sa.namespace, sa.name) : b.identity(`user:${n}`); }) : [b.identity(ANY_USER)]);
    case 'secrets':
      return tokenSecretTargets(b, scope, names, via);
    default:
      return [];
  }
}

// Reading a legacy token Secret yields its ServiceAccount's token. Certain for the token Secrets in
// the input; otherwise only "if one exists" (none has been created by itself since Kubernetes 1.24).
function tokenSecretTargets(b: GraphBuilder, scope: string, names: string[] | undefined, via: string): Target[] {
  const out: Target[] = [];
  const known = new Set<string>();
  for (const t of b.policy.snapshot.tokenSecrets ?? []) {
    if ((scope && t.namespace !== scope) || (names && !names.includes(t.name))) continue;
    known.add(`${t.namespace}/${t.name}`);
    out.push([b.serviceAccount(t.namespace, t.serviceAccount), { via: `${via}: legacy token Secret ${t.namespace}/${t.name}` }]);
  }
  const conditional = { via, condition: LEGACY_TOKEN_CONDITION };
  if (!names) return [...out, ...b.serviceAccountsIn(scope).map((k): Target => [k, conditional])];
  // Limited to names: only a legacy token Secret's generated name (SA-token-xxxxx) says whose it may be.
  for (const n of names) {
    const m = LEGACY_TOKEN_NAME.exec(n);
    if (!m || (scope && known.has(`${scope}/${n}`))) continue;
    for (const k of b.serviceAccountsByName([m[1]!], scope)) if (!known.has(`${b.key(k).split(':')[1]}/${n}`)) out.push([k, conditional]);
  }
  return out;
}
