// The escalation graph under construction: identity and grant nodes, edges that keep the
// certain one when a conditional one joins the same two nodes, and the stepping-stone nodes
// ("any ServiceAccount of NS", "any ClusterRole bound in NS", "anything a Role of NS can hold")
// that keep the graph linear in grants plus identities instead of their product.
import type { Policy } from '../engine/policy.js';
import type { PolicyRule, Role, Subject } from '../model/rbac.js';
import type { ObjectRef } from '../model/results.js';
import type { EdgeKind } from './escalation-edges.js';
import { SimpleDigraph } from './digraph.js';

export type PathNode = { kind: 'identity'; label: string } | { kind: 'grant'; label: string; role: ObjectRef; scope: string } | { kind: 'workload'; label: string } | { kind: 'node'; label: string };
export interface PathEdge {
  kind: EdgeKind;
  /** The binding behind a bound-to edge, or the permission behind a capability edge. */
  via: string;
  /** Set when the step works only if this holds (a legacy token Secret exists): never a certain path. */
  condition?: string;
  /** Set on a step that is not an RBAC permission (a container escape): what it is. */
  nonRbac?: string;
}
export type EscalationGraph = SimpleDigraph<PathNode, PathEdge>;

export const MASTERS = 'group:system:masters';
export const CLUSTER_ADMIN = 'clusterrole:cluster-admin';
export const ANY_SA = 'sa:*';
export const ANY_USER = 'user:*';
export const ANYONE = 'anyone-but-masters';
/** Every rule: what cluster-admin holds, and what a Role its holder may rewrite at will can hold. */
export const ALL_RULES: PolicyRule[] = [{ verbs: ['*'], apiGroups: ['*'], resources: ['*'], resourceNames: [], nonResourceURLs: [] }];

/** "role:NS/*": anything a Role of NS can grant (a Role its holder can rewrite at will; cluster-admin bound there). */
export const anythingIn = (ns: string) => `role:${ns}/*`;
/** "clusterrole:*@NS": any ClusterRole through a RoleBinding in NS; "clusterrole:*": any, cluster-wide; NS "*": every namespace. */
export const clusterRoleKey = (name: string, ns: string) => (ns ? `clusterrole:${name}@${ns}` : `clusterrole:${name}`);

// Edges whose text is the same for every member: one object each (edge attributes are never changed once added).
const IN_SERVICEACCOUNTS: PathEdge = { kind: 'member-of', via: 'every ServiceAccount is in system:serviceaccounts' };
const IN_AUTHENTICATED: PathEdge = { kind: 'member-of', via: 'every authenticated identity is in system:authenticated' };

/** The order Array.prototype.sort gives strings (UTF-16 code units), as the string-keyed builder sorted. */
const compareKeys = (a: string, c: string) => (a < c ? -1 : a > c ? 1 : 0);

const certainOverConditional = (existing: PathEdge, e: PathEdge) => existing.condition !== undefined && e.condition === undefined;

export class GraphBuilder {
  readonly g: EscalationGraph = new SimpleDigraph<PathNode, PathEdge>();
  readonly namespaces = new Set<string>();
  /** ServiceAccount identities by name, for cluster-wide grants limited to names. */
  private readonly saByName = new Map<string, Set<number>>();
  /** ServiceAccount identities made through serviceAccount(), by namespace and name. */
  private readonly saIds = new Map<string, Map<string, number>>();
  private readonly capable = new Set<number>();
  /** Identities whose group edges are in: a subject named by many bindings is linked once. */
  private readonly member = new Set<number>();
  private readonly stones = new Map<string, number[]>();
  private readonly nsGroups = new Map<string, [number, PathEdge]>();
  /** group:system:serviceaccounts and group:system:authenticated, made on first use: every ServiceAccount links to them. */
  private serviceAccountsGroup?: number;
  private authenticated?: number;
  private rolesByNamespace?: Map<string, Role[]>;

  constructor(
    readonly policy: Policy,
    /** Adds a grant node's own capability edges (capabilities.ts), once per node. */
    private readonly capabilities: (b: GraphBuilder, grant: number, rules: PolicyRule[], scope: string) => void,
  ) {}

  /** The id of the node KEY (it must exist). */
  id(key: string): number {
    const id = this.g.idOf(key);
    if (id === undefined) throw new Error(`escalation graph: no node "${key}"`);
    return id;
  }

  key(id: number): string {
    return this.g.keyOf(id);
  }

  /** The identity node KEY, made on first use. */
  identity(key: string): number {
    return this.g.idOf(key) ?? this.g.addNode(key, { kind: 'identity', label: key });
  }

  /** The node KEY, made with these attributes on first use. */
  node(key: string, attrs: () => PathNode): number {
    return this.g.idOf(key) ?? this.g.addNode(key, attrs());
  }

  edge(from: number, to: number, e: PathEdge): void {
    // A certain step replaces a conditional one between the same two nodes; otherwise the first stays.
    this.g.mergeEdge(from, to, e, certainOverConditional);
  }

  /** A grant node; with rules, its capability edges too (the first time rules are given). */
  grant(key: string, role: ObjectRef, scope: string, rules?: PolicyRule[]): number {
    const id = this.g.idOf(key) ?? this.g.addNode(key, { kind: 'grant', label: key, role, scope });
    if (rules && !this.capable.has(id)) {
      this.capable.add(id);
      this.capabilities(this, id, rules, scope);
    }
    return id;
  }

  /** ClusterRole NAME through a RoleBinding in NS ("" cluster-wide), with the rules it has there. */
  clusterRole(name: string, ns: string): number {
    const rules = this.policy.roles.get(`clusterrole:${name}`)?.rules ?? (name === 'cluster-admin' ? ALL_RULES : undefined);
    return this.grant(clusterRoleKey(name, ns), { kind: 'ClusterRole', name }, ns, rules);
  }

  /** Role NAME of NS, with its rules. */
  role(ns: string, name: string): number {
    return this.grant(`role:${ns}/${name}`, { kind: 'Role', name, namespace: ns }, ns, this.policy.roles.get(`role:${ns}/${name}`)?.rules);
  }

  /** The Roles of NS in input order (indexed on first use: bind edges ask once per holder). */
  rolesIn(ns: string): readonly Role[] {
    if (!this.rolesByNamespace) {
      this.rolesByNamespace = new Map();
      for (const r of this.policy.snapshot.roles) {
        const list = this.rolesByNamespace.get(r.namespace);
        if (list) list.push(r);
        else this.rolesByNamespace.set(r.namespace, [r]);
      }
    }
    return this.rolesByNamespace.get(ns) ?? [];
  }

  /** "roles:*": any Role of any namespace (bind on roles and create rolebindings everywhere), linked once to each. */
  anyRole(): number {
    const key = 'roles:*';
    const known = this.g.idOf(key);
    if (known !== undefined) return known;
    const id = this.grant(key, { kind: 'Role', name: '*' }, '*');
    for (const r of this.policy.snapshot.roles) this.edge(id, this.role(r.namespace, r.name), { kind: 'any-of', via: `a Role of ${r.namespace}` });
    return id;
  }

  /** Anything a Role of NS can hold: a grant with every rule in NS (and so bind there too). */
  anything(ns: string): number {
    const key = anythingIn(ns);
    const known = this.g.idOf(key);
    if (known !== undefined) return known;
    const id = this.grant(key, { kind: 'Role', name: '*', namespace: ns }, ns, ALL_RULES);
    this.edge(id, this.anyClusterRole(ns), { kind: 'bind', via: `bind and create rolebindings in ${ns} (held as every rule there)` });
    return id;
  }

  /** Any ClusterRole, bound cluster-wide (ns ""), in one namespace, or in every namespace ("*"). */
  anyClusterRole(ns: string): number {
    const key = clusterRoleKey('*', ns);
    const known = this.g.idOf(key);
    if (known !== undefined) return known;
    // cluster-admin exists in every cluster: bound in NS, it is every rule of NS; in every
    // namespace, every namespaced rule everywhere (one node, not one per namespace).
    const id = this.grant(key, { kind: 'ClusterRole', name: '*' }, ns, ns === '*' ? ALL_RULES : undefined);
    if (ns === '') this.edge(id, this.id(CLUSTER_ADMIN), { kind: 'any-of', via: 'cluster-admin is a ClusterRole' });
    else if (ns !== '*') this.edge(id, this.anything(ns), { kind: 'any-of', via: `cluster-admin bound in ${ns} holds every rule of ${ns}` });
    return id;
  }

  /** ServiceAccount identity with its group memberships; registered for name lookups. */
  serviceAccount(ns: string, name: string): number {
    // Asked once per ServiceAccount, workload and token target: by namespace then name, a small
    // map each, instead of making and hashing "sa:NS:NAME" in the graph's 150k-key one.
    let byName = this.saIds.get(ns);
    if (!byName) this.saIds.set(ns, (byName = new Map()));
    let id = byName.get(name);
    if (id === undefined) {
      id = this.identity(`sa:${ns}:${name}`);
      this.memberships(id, { kind: 'ServiceAccount', namespace: ns, name });
      byName.set(name, id);
    }
    return id;
  }

  memberships(id: number, s: Subject): void {
    // The node names the subject (kind, namespace, name), so its memberships are the same each time.
    if (this.member.has(id)) return;
    this.member.add(id);
    if (s.kind === 'ServiceAccount' && s.namespace) {
      this.edge(id, (this.serviceAccountsGroup ??= this.identity('group:system:serviceaccounts')), IN_SERVICEACCOUNTS);
      const [group, edge] = this.namespaceGroup(s.namespace);
      this.edge(id, group, edge);
      if (s.name !== '*') {
        if (!this.saByName.has(s.name)) this.saByName.set(s.name, new Set());
        this.saByName.get(s.name)!.add(id);
      }
      this.namespaces.add(s.namespace);
    }
    if (s.kind !== 'Group' && s.name !== 'system:anonymous') this.edge(id, (this.authenticated ??= this.identity('group:system:authenticated')), IN_AUTHENTICATED);
  }

  /** system:serviceaccounts:NS and the edge into it, made once per namespace. */
  private namespaceGroup(ns: string): [number, PathEdge] {
    let g = this.nsGroups.get(ns);
    if (!g) this.nsGroups.set(ns, (g = [this.identity(`group:system:serviceaccounts:${ns}`), { kind: 'member-of', via: `every ServiceAccount of ${ns} is in system:serviceaccounts:${ns}` }]));
    return g;
  }

  /** Every ServiceAccount identity named NAME, in any namespace (sorted by key). */
  serviceAccountsNamed(name: string): number[] {
    return [...(this.saByName.get(name) ?? [])].sort((a, c) => compareKeys(this.key(a), this.key(c)));
  }

  /** All ServiceAccounts of the scope: one namespace's stepping stone, or all of them. */
  serviceAccountsIn(scope: string): number[] {
    // One list per scope: asked once per capability of every grant there. Callers never change it.
    let ids = this.stones.get(scope);
    if (!ids) this.stones.set(scope, (ids = [this.identity(scope ? `sa:${scope}:*` : ANY_SA)]));
    return ids;
  }

  /** The one node that stands for "any ServiceAccount of the namespace" (every namespace for ""). */
  anyServiceAccountOf(scope: string): number {
    return this.serviceAccountsIn(scope)[0]!;
  }

  /** Named ServiceAccounts of the scope; cluster-wide, the one of that name in every namespace. */
  serviceAccountsByName(names: string[], scope: string): number[] {
    return names.flatMap((n) => (scope ? [this.serviceAccount(scope, n)] : this.serviceAccountsNamed(n)));
  }
}
