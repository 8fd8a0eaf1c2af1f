// The escalation edges: "holding permission P in scope S lets you act as identity X", each from
// the spec (§10 bind/escalate, §11 impersonation, §13 R2/R4/R8/R9/R14) and the peers' catalogue.
// Every edge comes from holders() on a real request, so resourceNames narrow it (impersonate
// users/[alice] reaches only alice) and RoleBindings only reach their own namespace.
import { holders, type Holding } from '../engine/holders.js';
import type { Policy } from '../engine/policy.js';
import type { Request } from '../model/request.js';

export type EdgeKind = 'member-of' | 'any-of' | 'bound-to' | 'masters' | 'create-workload' | 'exec' | 'token-request' | 'read-token-secrets' | 'impersonate' | 'bind' | 'escalate' | 'nodes-proxy' | 'csr';

export interface EscalationEdgeSpec {
  kind: EdgeKind;
  /** Requests the subject must hold (any one of them); all of `needsAll` too when present. */
  anyOf: Omit<Request & { kind: 'resource' }, 'namespace'>[];
  needsAll?: Omit<Request & { kind: 'resource' }, 'namespace'>[][];
  /** What the edge says, for "alice -> [binding] <what> -> target". */
  what: string;
}

const r = (verb: string, apiGroup: string, resource: string, subresource = '', name = '') => ({ kind: 'resource' as const, verb, apiGroup, resource, subresource, name });
const WORKLOADS: [string, string][] = [['', 'pods'], ['apps', 'deployments'], ['apps', 'daemonsets'], ['apps', 'statefulsets'], ['apps', 'replicasets'], ['', 'replicationcontrollers'], ['batch', 'jobs'], ['batch', 'cronjobs']];

export const EDGE_SPECS: EscalationEdgeSpec[] = [
  { kind: 'create-workload', what: 'create pods or workloads (they can run as any ServiceAccount of the namespace)', anyOf: WORKLOADS.flatMap(([g, res]) => [r('create', g, res), ...(res === 'pods' ? [] : [r('update', g, res), r('patch', g, res)])]) },
  { kind: 'exec', what: 'exec or attach into pods (get is enough over WebSocket before v1.35)', anyOf: ['exec', 'attach'].flatMap((s) => [r('create', '', 'pods', s), r('get', '', 'pods', s)]) },
  { kind: 'token-request', what: 'create serviceaccounts/token (mint a token for the ServiceAccount)', anyOf: [r('create', '', 'serviceaccounts', 'token')] },
  { kind: 'read-token-secrets', what: 'read secrets (legacy ServiceAccount token secrets, where they exist)', anyOf: [r('get', '', 'secrets'), r('list', '', 'secrets'), r('watch', '', 'secrets')] },
  { kind: 'impersonate', what: 'impersonate', anyOf: [r('impersonate', '', 'users'), r('impersonate', '', 'groups'), r('impersonate', '', 'serviceaccounts')] },
  { kind: 'nodes-proxy', what: 'reach the kubelet API through nodes/proxy (exec in every pod)', anyOf: [r('get', '', 'nodes', 'proxy'), r('create', '', 'nodes', 'proxy')] },
  {
    kind: 'bind',
    what: 'bind roles (create a binding to a role whose rules it does not hold)',
    anyOf: [r('bind', 'rbac.authorization.k8s.io', 'clusterroles'), r('bind', 'rbac.authorization.k8s.io', 'roles')],
    needsAll: [[r('create', 'rbac.authorization.k8s.io', 'rolebindings'), r('create', 'rbac.authorization.k8s.io', 'clusterrolebindings')]],
  },
  {
    kind: 'escalate',
    what: 'escalate and update ClusterRoles (write any rule into a role bound to a group it belongs to)',
    anyOf: [r('escalate', 'rbac.authorization.k8s.io', 'clusterroles')],
    needsAll: [[r('update', 'rbac.authorization.k8s.io', 'clusterroles'), r('patch', 'rbac.authorization.k8s.io', 'clusterroles')]],
  },
  {
    kind: 'csr',
    what: 'create and approve CertificateSigningRequests for kube-apiserver-client (any identity but system:masters)',
    anyOf: [r('create', 'certificates.k8s.io', 'certificatesigningrequests')],
    needsAll: [[r('update', 'certificates.k8s.io', 'certificatesigningrequests', 'approval')], [r('approve', 'certificates.k8s.io', 'signers', '', 'kubernetes.io/kube-apiserver-client'), r('approve', 'certificates.k8s.io', 'signers', '', 'kubernetes.io/*')]],
  },
];

const NAMESPACED = new Set(['pods', 'deployments', 'daemonsets', 'statefulsets', 'replicasets', 'replicationcontrollers', 'jobs', 'cronjobs', 'serviceaccounts', 'secrets', 'rolebindings', 'roles']);

/** Holdings of any of the requests, for every scope (RoleBindings of all namespaces included). */
export function holdingsOf(policy: Policy, requests: EscalationEdgeSpec['anyOf']): { req: EscalationEdgeSpec['anyOf'][number]; h: Holding }[] {
  const out: { req: EscalationEdgeSpec['anyOf'][number]; h: Holding }[] = [];
  for (const req of requests) {
    const full: Request = { ...req, namespace: '' };
    // bind is checked in the namespace of the binding being created, so RoleBindings count for it.
    for (const h of holders(policy, full, { allNamespaces: NAMESPACED.has(req.resource) || req.verb === 'bind', includeRestricted: true })) out.push({ req, h });
  }
  return out;
}
