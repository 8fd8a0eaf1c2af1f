// Every effective permission as rows, one atomic (verb, group, resource[/sub]) or (verb, URL) per
// row, for auditors' spreadsheets. A generator: rows are produced as they are written, never held
// all at once. Rules that can never take effect (URLs or cluster-scoped resources through a
// RoleBinding) are left out and counted.
import type { PolicyRule, Subject } from '../model/rbac.js';
import type { Grant } from '../model/results.js';
import { subjectNeverMatches } from '../semantics/applies-to.js';
import { ALL_SERVICE_ACCOUNTS } from '../semantics/user-info.js';
import { effectiveSubject, makeGrant } from './grants.js';
import type { Policy } from './policy.js';
import type { ResourceCatalogue } from './resource-catalogue.js';
import { atomEffectiveInNamespace, whyIneffectiveInNamespace } from './what-can.js';

/** One verb on one group/resource[/subresource] (with the rule's resourceNames), or on one URL. */
export interface Atom {
  verb: string;
  apiGroup: string;
  resource: string;
  subresource: string;
  resourceNames: string[];
  nonResourceURL: string;
}

export interface PermissionRow extends Atom {
  subject: Subject;
  /** Set with --expand-groups: the group a ServiceAccount inherits this row through. */
  viaGroup?: string;
  scope: string;
  grant: Grant;
}

export interface ExportOptions {
  subject?: Subject;
  namespace?: string;
  resource?: string;
  expandGroups?: boolean;
  catalogue?: ResourceCatalogue;
  /** Filled in as rows are produced. */
  stats?: { rows: number; ineffective: number };
}

const sameSubject = (a: Subject, b: Subject) => a.kind === b.kind && a.name === b.name && (a.namespace ?? '') === (b.namespace ?? '');

export function* exportPermissions(policy: Policy, opts: ExportOptions = {}): Generator<PermissionRow> {
  const stats = opts.stats ?? { rows: 0, ineffective: 0 };
  const saByGroup = opts.expandGroups ? serviceAccountsByGroup(policy) : undefined;
  // Rules are shared by every binding of a role: break each down once per kind of scope.
  const cache = new Map<PolicyRule, { cluster?: Atom[]; namespace?: { atoms: Atom[]; dropped: number } }>();
  const atomsOf = (rule: PolicyRule, inNamespace: boolean) => {
    let c = cache.get(rule);
    if (!c) cache.set(rule, (c = {}));
    if (!inNamespace) return (c.cluster ??= breakdown(rule, false, opts.catalogue).atoms);
    return (c.namespace ??= breakdown(rule, true, opts.catalogue));
  };
  const bindings = policy.allBindings();
  for (const ib of bindings) {
    if (opts.namespace !== undefined && ib.namespace !== '' && ib.namespace !== opts.namespace) continue;
    const resolved = policy.rulesOf(ib);
    if (!resolved) continue;
    for (const s of ib.binding.subjects) {
      if (subjectNeverMatches(s, ib.binding.kind)) continue;
      const subject = effectiveSubject(s, ib);
      const heirs = saByGroup && subject.kind === 'Group' ? saByGroup.get(subject.name) ?? [] : [];
      const targets: { subject: Subject; viaGroup?: string }[] = [{ subject }, ...heirs.map((sa) => ({ subject: sa, viaGroup: subject.name }))];
      for (let i = 0; i < resolved.rules.length; i++) {
        const rule = resolved.rules[i]!;
        const grant = makeGrant(ib, resolved, subject, i, ib.namespace);
        let atoms: Atom[];
        if (ib.namespace) {
          if (whyIneffectiveInNamespace(grant, opts.catalogue)) {
            stats.ineffective++;
            continue;
          }
          const b = atomsOf(rule, true) as { atoms: Atom[]; dropped: number };
          if (b.dropped) stats.ineffective++;
          atoms = b.atoms;
        } else atoms = atomsOf(rule, false) as Atom[];
        for (const t of targets) {
          if (opts.subject && !sameSubject(opts.subject, t.subject)) continue;
          for (const a of atoms) {
            if (opts.resource && a.resource !== opts.resource && a.resource !== '*') continue;
            stats.rows++;
            const row: PermissionRow = { subject: t.subject, scope: grant.scope, verb: a.verb, apiGroup: a.apiGroup, resource: a.resource, subresource: a.subresource, resourceNames: a.resourceNames, nonResourceURL: a.nonResourceURL, grant };
            if (t.viaGroup) row.viaGroup = t.viaGroup;
            yield row;
          }
        }
      }
    }
  }
}

/** Atomic (verb, group, resource[/sub]) and (verb, URL) parts of a rule that can take effect in that kind of scope. */
function breakdown(r: PolicyRule, inNamespace: boolean, catalogue?: ResourceCatalogue): { atoms: Atom[]; dropped: number } {
  const atoms: Atom[] = [];
  let dropped = 0;
  for (const verb of r.verbs) {
    for (const url of r.nonResourceURLs) {
      // URL rules only ever apply cluster-wide (through a ClusterRoleBinding).
      if (inNamespace) dropped++;
      else atoms.push({ verb, apiGroup: '', resource: '', subresource: '', resourceNames: [], nonResourceURL: url });
    }
    for (const apiGroup of r.apiGroups) {
      for (const res of r.resources) {
        const slash = res.indexOf('/');
        const resource = slash < 0 ? res : res.slice(0, slash);
        if (inNamespace && !atomEffectiveInNamespace([apiGroup], resource, verb, catalogue)) {
          dropped++;
          continue;
        }
        atoms.push({ verb, apiGroup, resource, subresource: slash < 0 ? '' : res.slice(slash + 1), resourceNames: r.resourceNames, nonResourceURL: '' });
      }
    }
  }
  return { atoms, dropped };
}

/** Known ServiceAccounts (from the input) by the implicit groups they belong to. */
function serviceAccountsByGroup(policy: Policy): Map<string, Subject[]> {
  const m = new Map<string, Subject[]>();
  const add = (g: string, s: Subject) => m.set(g, [...(m.get(g) ?? []), s]);
  for (const sa of policy.snapshot.serviceAccounts) {
    const s: Subject = { kind: 'ServiceAccount', name: sa.name, namespace: sa.namespace };
    add(ALL_SERVICE_ACCOUNTS, s);
    add(`${ALL_SERVICE_ACCOUNTS}:${sa.namespace}`, s);
  }
  return m;
}

export { effectiveSubject };
