// The authorizer's view of a Snapshot: every role with the rules the authorizer would use, and
// the bindings indexed so a query touches only the bindings that can matter (by namespace, by
// role, by subject). Built in one pass; no query walks every object.
import type { Diagnostic } from '../model/diagnostic.js';
import { describeBinding, describeRoleRef, keyOfRole, keyOfRoleRef } from '../model/keys.js';
import type { AnyRole, Binding, ClusterRoleBinding, PolicyRule, RoleBinding, Subject } from '../model/rbac.js';
import type { Snapshot } from '../model/snapshot.js';
import { computeAggregation, ruleListsEqual } from '../semantics/aggregation.js';
import { serviceAccountUsername } from '../semantics/user-info.js';

/** Which rules answer for an aggregated ClusterRole (spec §9.6, §15E). */
export type AggregationMode = 'compute' | 'stored';

export interface ResolvedRole {
  role: AnyRole;
  rules: PolicyRule[];
  /** For an aggregated ClusterRole: the ClusterRole each rule came from. */
  ruleSources?: string[];
  /** Computed rules that a live cluster could hold otherwise, depending on the controller's history (§9.6). */
  dependsOnHistory?: boolean;
}

export interface IndexedBinding {
  binding: Binding;
  /** Position in the input: the order bindings are reported in. */
  ordinal: number;
  /** "" for a ClusterRoleBinding. */
  namespace: string;
  roleKey: string;
}

export interface AnalyzeOptions {
  aggregation?: AggregationMode;
  /** "1.28", "1.33": which built-in subresources requests are read against (default: the newest known). */
  kubernetesVersion?: string;
}

export class Policy {
  readonly roles = new Map<string, ResolvedRole>();
  readonly clusterRoleBindings: IndexedBinding[] = [];
  readonly roleBindingsByNamespace = new Map<string, IndexedBinding[]>();
  private byRole?: Map<string, IndexedBinding[]>;
  private bySubject?: Map<string, IndexedBinding[]>;
  readonly diagnostics: Diagnostic[] = [];
  readonly aggregationCycles: Set<string>;
  /** Aggregated ClusterRole -> the ClusterRoles its selectors pick. */
  readonly aggregationSelects: ReadonlyMap<string, readonly string[]>;
  /** Aggregated ClusterRoles whose computed rules depend on the controller's history (compute mode only). */
  readonly historyDependent: ReadonlySet<string>;
  /** Aggregated ClusterRoles whose stored rules differ from what their selectors give. */
  readonly aggregationDrift: { name: string; stored: PolicyRule[]; computed: PolicyRule[] }[] = [];

  constructor(
    readonly snapshot: Snapshot,
    readonly options: AnalyzeOptions = {},
  ) {
    const mode = options.aggregation ?? (snapshot.meta.origin === 'cluster' ? 'stored' : 'compute');
    for (const r of snapshot.roles) this.roles.set(keyOfRole(r), { role: r, rules: r.rules });
    for (const r of snapshot.clusterRoles) this.roles.set(keyOfRole(r), { role: r, rules: r.rules });

    const agg = computeAggregation(snapshot.clusterRoles);
    this.aggregationCycles = agg.cycles;
    this.aggregationSelects = agg.selects;
    // Stored rules are what the authorizer uses, whatever history wrote them.
    this.historyDependent = new Set(mode === 'compute' ? agg.historyDependent.keys() : []);
    for (const d of agg.diagnostics) if (mode === 'compute' || d.code === 'invalid-aggregation-selector') this.diagnostics.push(d);
    for (const [name, rules] of agg.rules) {
      const resolved = this.roles.get(`clusterrole:${name}`)!;
      // A manifest usually ships an aggregated role with `rules: []` for the controller to fill: not drift.
      const shippedEmpty = mode === 'compute' && resolved.role.rules.length === 0;
      if (!shippedEmpty && !ruleListsEqual(rules, resolved.role.rules)) {
        this.aggregationDrift.push({ name, stored: resolved.role.rules, computed: rules });
        this.diagnostics.push({
          severity: mode === 'compute' ? 'info' : 'warning',
          code: 'aggregation-differs',
          message: `ClusterRole ${name}: stored rules (${resolved.role.rules.length}) differ from what its aggregationRule selects (${rules.length}); answers use the ${mode === 'compute' ? 'computed' : 'stored'} rules`,
          source: resolved.role.source,
        });
      }
      if (mode === 'compute') {
        resolved.rules = rules;
        resolved.ruleSources = agg.contributors.get(name);
        if (agg.historyDependent.has(name)) resolved.dependsOnHistory = true;
      }
    }

    let ordinal = 0;
    for (const b of snapshot.clusterRoleBindings) this.index(b, ordinal++);
    for (const b of snapshot.roleBindings) this.index(b, ordinal++);
  }

  private index(binding: ClusterRoleBinding | RoleBinding, ordinal: number): void {
    const namespace = binding.kind === 'RoleBinding' ? binding.namespace : '';
    const ib: IndexedBinding = { binding, ordinal, namespace, roleKey: keyOfRoleRef(binding.roleRef, namespace) };
    if (binding.kind === 'RoleBinding') push(this.roleBindingsByNamespace, namespace, ib);
    else this.clusterRoleBindings.push(ib);
    if (!this.roles.has(ib.roleKey)) {
      this.diagnostics.push({
        severity: 'warning',
        code: 'missing-role',
        message: `${describeBinding(binding)} refers to ${describeRoleRef(binding.roleRef, namespace)}, which is not in the input; it grants nothing (and would start granting if that role were created)`,
        source: binding.source,
      });
    }
  }

  /** Every binding, ClusterRoleBindings first, in input order: the authorizer's order. */
  allBindings(): IndexedBinding[] {
    return [...this.clusterRoleBindings, ...[...this.roleBindingsByNamespace.values()].flat()];
  }

  /** Bindings by the role they refer to; built on first use (who-can does not need it). */
  get bindingsByRole(): Map<string, IndexedBinding[]> {
    if (!this.byRole) {
      this.byRole = new Map();
      for (const ib of this.allBindings()) push(this.byRole, ib.roleKey, ib);
    }
    return this.byRole;
  }

  /** Subject index: "User:name" (ServiceAccounts by their user name, namespace defaulted), "Group:name" -> bindings. Built on first use. */
  get bindingsBySubject(): Map<string, IndexedBinding[]> {
    if (!this.bySubject) {
      this.bySubject = new Map();
      for (const ib of this.allBindings()) {
        const seen = new Set<string>();
        for (const s of ib.binding.subjects) {
          const k = subjectIndexKey(s, ib.namespace);
          if (k && !seen.has(k)) {
            seen.add(k);
            push(this.bySubject, k, ib);
          }
        }
      }
    }
    return this.bySubject;
  }

  rulesOf(ib: IndexedBinding): ResolvedRole | undefined {
    return this.roles.get(ib.roleKey);
  }
}

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}

/** The index key an identity is looked up by; a ServiceAccount subject is keyed by its user name. */
export function subjectIndexKey(s: Subject, bindingNamespace: string): string | undefined {
  switch (s.kind) {
    case 'User':
      return `User:${s.name}`;
    case 'Group':
      return `Group:${s.name}`;
    case 'ServiceAccount': {
      const ns = s.namespace || bindingNamespace;
      return ns ? `User:${serviceAccountUsername(ns, s.name)}` : undefined;
    }
    default:
      return undefined;
  }
}
