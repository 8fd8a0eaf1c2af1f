// The escalation edges: "holding permission P in scope S lets you act as identity X", each from
// the spec (§10 bind/escalate, §11 impersonation, §13 R1/R2/R4/R5-R9/R14) and the peers' catalogue.
// Every edge comes from a real request through the one matcher, so resourceNames narrow it
// (impersonate users/[alice] reaches only alice) and RoleBindings only reach their own namespace.
import { holders, type Holding } from '../engine/holders.js';
import type { Policy } from '../engine/policy.js';
import type { Request } from '../model/request.js';

export type EdgeKind = 'member-of' | 'any-of' | 'bound-to' | 'masters' | 'create-workload' | 'exec' | 'token-request' | 'read-token-secrets' | 'impersonate' | 'bind' | 'escalate' | 'nodes-proxy' | 'csr' | 'runs-as' | 'runs-on' | 'escape';

export type ResourceRequest = Omit<Request & { kind: 'resource' }, 'namespace'>;

/** An edge one grant's own rules give (the grant node is its start). */
export interface CapabilitySpec {
  kind: EdgeKind;
  anyOf: ResourceRequest[];
}

const r = (verb: string, apiGroup: string, resource: string, subresource = '', name = ''): ResourceRequest => ({ kind: 'resource', verb, apiGroup, resource, subresource, name });
const WORKLOADS: [string, string][] = [['', 'pods'], ['apps', 'deployments'], ['apps', 'daemonsets'], ['apps', 'statefulsets'], ['apps', 'replicasets'], ['', 'replicationcontrollers'], ['batch', 'jobs'], ['batch', 'cronjobs']];
export const RBAC = 'rbac.authorization.k8s.io';

export const CAPABILITY_SPECS: CapabilitySpec[] = [
  { kind: 'create-workload', anyOf: WORKLOADS.flatMap(([g, res]) => [r('create', g, res), ...(res === 'pods' ? [] : [r('update', g, res), r('patch', g, res)])]) },
  { kind: 'exec', anyOf: [...['exec', 'attach'].flatMap((s) => [r('create', '', 'pods', s), r('get', '', 'pods', s)]), r('update', '', 'pods', 'ephemeralcontainers'), r('patch', '', 'pods', 'ephemeralcontainers')] },
  { kind: 'token-request', anyOf: [r('create', '', 'serviceaccounts', 'token')] },
  { kind: 'read-token-secrets', anyOf: [r('get', '', 'secrets'), r('list', '', 'secrets'), r('watch', '', 'secrets')] },
  // Impersonating groups needs a user to impersonate too (§11.1): a combined edge, below.
  { kind: 'impersonate', anyOf: [r('impersonate', '', 'users'), r('impersonate', '', 'serviceaccounts')] },
  { kind: 'nodes-proxy', anyOf: [r('get', '', 'nodes', 'proxy'), r('create', '', 'nodes', 'proxy')] },
];

/** The requests behind the edges that need several permissions of one subject together. */
export const COMBINED = {
  bind: [r('bind', RBAC, 'clusterroles'), r('bind', RBAC, 'roles')],
  createRoleBindings: [r('create', RBAC, 'rolebindings')],
  createClusterRoleBindings: [r('create', RBAC, 'clusterrolebindings')],
  escalate: [r('escalate', RBAC, 'clusterroles'), r('escalate', RBAC, 'roles')],
  rewriteRoles: [r('update', RBAC, 'clusterroles'), r('patch', RBAC, 'clusterroles'), r('update', RBAC, 'roles'), r('patch', RBAC, 'roles')],
  impersonateGroups: [r('impersonate', '', 'groups')],
  impersonateUser: [r('impersonate', '', 'users'), r('impersonate', '', 'serviceaccounts')],
  csr: [[r('create', 'certificates.k8s.io', 'certificatesigningrequests')], [r('update', 'certificates.k8s.io', 'certificatesigningrequests', 'approval')], [r('approve', 'certificates.k8s.io', 'signers', '', 'kubernetes.io/kube-apiserver-client'), r('approve', 'certificates.k8s.io', 'signers', '', 'kubernetes.io/*')]],
};

/** The condition of an edge that works only if an object RBAC data cannot show exists. */
export const LEGACY_TOKEN_CONDITION = 'if a legacy ServiceAccount token Secret exists';

const NAMESPACED = new Set(['pods', 'deployments', 'daemonsets', 'statefulsets', 'replicasets', 'replicationcontrollers', 'jobs', 'cronjobs', 'serviceaccounts', 'secrets', 'rolebindings', 'roles']);

export interface HeldRequest {
  req: ResourceRequest;
  h: Holding;
}

/** Holdings of any of the requests, for every scope (RoleBindings of all namespaces included). */
export function holdingsOf(policy: Policy, requests: ResourceRequest[]): HeldRequest[] {
  const out: HeldRequest[] = [];
  for (const req of requests) {
    const full: Request = { ...req, namespace: '' };
    // bind is checked in the namespace of the binding being created, so RoleBindings count for it.
    for (const h of holders(policy, full, { allNamespaces: NAMESPACED.has(req.resource) || req.verb === 'bind', includeRestricted: true })) out.push({ req, h });
  }
  return out;
}
