// Edges that need several permissions of one subject together, from its combined holdings:
// - bind (§10.2): bind on a role, checked in the new binding's namespace, plus create on
//   rolebindings there (or clusterrolebindings, for a ClusterRole cluster-wide);
// - escalate (§10.1): escalate plus update or patch on a role bound to the subject: it rewrites
//   the role to grant anything, in the binding's scope;
// - impersonating groups needs a user or ServiceAccount to impersonate as well (§11.1);
// - CSR approval for kube-apiserver-client (R8).
import { keyOfSubject } from '../model/keys.js';
import type { Subject } from '../model/rbac.js';
import { subjectIndexKey } from '../engine/policy.js';
import { COMBINED, holdingsOf, type ResourceRequest } from './escalation-edges.js';
import { ANYONE, CLUSTER_ADMIN, MASTERS, type GraphBuilder } from './graph-builder.js';

interface Held {
  resource: string;
  scope: string;
  /** Limited to these object names; undefined: every name. */
  names?: string[];
}

/** Per subject key: the subject and what it holds of the requests. */
function heldBySubject(b: GraphBuilder, requests: ResourceRequest[], namesCount = true): Map<string, { subject: Subject; held: Held[] }> {
  const out = new Map<string, { subject: Subject; held: Held[] }>();
  for (const { req, h } of holdingsOf(b.policy, requests)) {
    if (h.restrictedTo && !namesCount) continue;
    const k = keyOfSubject(h.grant.subject);
    if (!out.has(k)) out.set(k, { subject: h.grant.subject, held: [] });
    out.get(k)!.held.push({ resource: req.resource, scope: h.grant.scope, ...(h.restrictedTo ? { names: h.restrictedTo } : {}) });
  }
  return out;
}

/** Where two grants both apply: "" cluster-wide meets anything; "*" is every namespace. */
function meet(a: string, c: string): string | undefined {
  if (a === '' && c === '') return '*';
  if (a === '' || a === c) return c;
  return c === '' ? a : undefined;
}
const allows = (names: string[] | undefined, name: string) => !names || names.includes(name);
const namesText = (names?: string[]) => (names ? ` [${names.join(', ')}]` : '');
const inText = (ns: string) => (ns === '*' ? ' in every namespace' : ns ? ` in ${ns}` : '');

export function addCombinedEdges(b: GraphBuilder): void {
  addBind(b);
  addEscalate(b);
  addImpersonateGroups(b);
  addCsr(b);
}

function addBind(b: GraphBuilder): void {
  // Creating a binding has no object name yet, so only an unrestricted create counts.
  const createRb = heldBySubject(b, COMBINED.createRoleBindings, false);
  const createCrb = heldBySubject(b, COMBINED.createClusterRoleBindings, false);
  for (const [sk, { held }] of heldBySubject(b, COMBINED.bind)) {
    const rbScopes = [...new Set((createRb.get(sk)?.held ?? []).map((x) => x.scope))];
    const crb = (createCrb.get(sk)?.held ?? []).length > 0;
    for (const bind of held) {
      const via = (where: string) => `bind ${bind.resource}${namesText(bind.names)}${bind.scope ? ` in ${bind.scope}` : ' (cluster-wide)'} + create ${where}`;
      for (const s of rbScopes) {
        const ns = meet(bind.scope, s);
        if (ns === undefined) continue;
        const e = { kind: 'bind' as const, via: via(`rolebindings${inText(ns)}`) };
        if (bind.resource === 'roles') {
          if (ns === '*' && !bind.names) b.edge(b.id(sk), b.anyRole(), e);
          else for (const r of ns === '*' ? b.policy.snapshot.roles : b.rolesIn(ns)) if (allows(bind.names, r.name)) b.edge(b.id(sk), b.role(r.namespace, r.name), e);
        } else if (bind.names) for (const n of bind.names) b.edge(b.id(sk), b.clusterRole(n, ns), e);
        else b.edge(b.id(sk), b.anyClusterRole(ns), e);
      }
      if (bind.resource === 'clusterroles' && bind.scope === '' && crb) {
        const e = { kind: 'bind' as const, via: via('clusterrolebindings') };
        if (bind.names) for (const n of bind.names) b.edge(b.id(sk), b.clusterRole(n, ''), e);
        else b.edge(b.id(sk), b.anyClusterRole(''), e);
      }
    }
  }
}

/** Index keys of the bindings that apply to the subject: itself and the groups it is surely in. */
function bindingKeys(s: Subject): string[] {
  const own = subjectIndexKey(s, s.namespace ?? '');
  const groups = s.kind === 'ServiceAccount' ? ['system:serviceaccounts', `system:serviceaccounts:${s.namespace}`, 'system:authenticated'] : s.kind === 'Group' ? (s.name === 'system:unauthenticated' ? [] : ['system:authenticated']) : s.name === 'system:anonymous' ? ['system:unauthenticated'] : ['system:authenticated'];
  return [...(own ? [own] : []), ...groups.map((g) => `Group:${g}`)];
}

function addEscalate(b: GraphBuilder): void {
  const rewrite = heldBySubject(b, COMBINED.rewriteRoles);
  for (const [sk, { subject, held }] of heldBySubject(b, COMBINED.escalate)) {
    const bound = bindingKeys(subject).flatMap((k) => b.policy.bindingsBySubject.get(k) ?? []);
    for (const esc of held) {
      const kind = esc.resource === 'roles' ? 'Role' : 'ClusterRole';
      for (const w of (rewrite.get(sk)?.held ?? []).filter((x) => x.resource === esc.resource)) {
        const ns = esc.resource === 'clusterroles' ? '' : meet(esc.scope, w.scope);
        if (ns === undefined) continue;
        for (const ib of bound) {
          const ref = ib.binding.roleRef;
          if (ref.kind !== kind || !allows(esc.names, ref.name) || !allows(w.names, ref.name) || !b.policy.rulesOf(ib)) continue;
          if (kind === 'Role' && ns !== '*' && ib.namespace !== ns) continue;
          const target = ib.namespace ? b.anything(ib.namespace) : b.id(CLUSTER_ADMIN);
          const where = ib.namespace ? `${ib.binding.kind} ${ib.namespace}/${ib.binding.name}` : `ClusterRoleBinding ${ib.binding.name}`;
          b.edge(b.id(sk), target, { kind: 'escalate', via: `escalate and update ${esc.resource}${namesText(esc.names)}${inText(ns)}: rewrite ${kind} ${ref.name} (bound by ${where}) to grant anything${ib.namespace ? ` in ${ib.namespace}` : ''}` });
        }
      }
    }
  }
}

function addImpersonateGroups(b: GraphBuilder): void {
  const users = heldBySubject(b, COMBINED.impersonateUser);
  for (const [sk, { held }] of heldBySubject(b, COMBINED.impersonateGroups)) {
    if (!users.has(sk)) continue; // Impersonate-Group without Impersonate-User is rejected.
    for (const g of held) {
      const via = `impersonate groups${namesText(g.names)} (cluster-wide), with a user or ServiceAccount to impersonate`;
      for (const t of g.names ? g.names.map((n) => `group:${n}`) : [MASTERS]) b.edge(b.id(sk), b.identity(t), { kind: 'impersonate', via });
    }
  }
}

function addCsr(b: GraphBuilder): void {
  const [first, ...rest] = COMBINED.csr.map((group) => heldBySubject(b, group, false));
  for (const [sk, { held }] of first!) {
    if (!held.some((x) => x.scope === '')) continue;
    if (!rest.every((m) => (m.get(sk)?.held ?? []).some((x) => x.scope === ''))) continue;
    b.edge(b.id(sk), b.identity(ANYONE), { kind: 'csr', via: 'create and approve CertificateSigningRequests for kube-apiserver-client (any identity but system:masters)' });
  }
}
