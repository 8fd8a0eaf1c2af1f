// Every effective permission as rows, one atomic (verb, group, resource[/sub]) or (verb, URL) per
// row, for auditors' spreadsheets. Generators: rows are produced as they are written, never held
// all at once. Rules that can never take effect (URLs or cluster-scoped resources through a
// RoleBinding) are left out and counted.
import type { PolicyRule, Subject } from '../model/rbac.js';
import type { Grant } from '../model/results.js';
import { subjectNeverMatches } from '../semantics/applies-to.js';
import { ALL_SERVICE_ACCOUNTS } from '../semantics/user-info.js';
import { effectiveSubject, grantMaker } from './grants.js';
import type { Policy } from './policy.js';
import type { ResourceCatalogue } from './resource-catalogue.js';
import { atomEffectiveInNamespace, whyRuleIneffectiveInNamespace } from './what-can.js';

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

/** The rows of one rule for one subject: the same grant on each atom, in order. */
export interface PermissionBlock {
  subject: Subject;
  viaGroup?: string;
  grant: Grant;
  /** Shared between blocks (one array per rule and kind of scope): read, never change. */
  atoms: readonly Atom[];
}

export interface ExportOptions {
  subject?: Subject;
  namespace?: string;
  resource?: string;
  /** Keep only the atoms this says yes to (export --resource); asked once per rule, not per row. */
  keep?: (a: Atom) => boolean;
  expandGroups?: boolean;
  catalogue?: ResourceCatalogue;
  /** Filled in as rows are produced (rows before `keep`). */
  stats?: { rows: number; ineffective: number };
}

const sameSubject = (a: Subject, b: Subject) => a.kind === b.kind && a.name === b.name && (a.namespace ?? '') === (b.namespace ?? '');

/** One row per atom of every block (exportBlocks): the shape auditors' tools and --by read. */
export function exportPermissions(policy: Policy, opts: ExportOptions = {}): Generator<PermissionRow> {
  return blockRows(exportBlocks(policy, opts));
}

export function* blockRows(blocks: Iterable<PermissionBlock>): Generator<PermissionRow> {
  for (const b of blocks) {
    for (const a of b.atoms) {
      const row: PermissionRow = { subject: b.subject, scope: b.grant.scope, verb: a.verb, apiGroup: a.apiGroup, resource: a.resource, subresource: a.subresource, resourceNames: a.resourceNames, nonResourceURL: a.nonResourceURL, grant: b.grant };
      if (b.viaGroup) row.viaGroup = b.viaGroup;
      yield row;
    }
  }
}

/** What a rule gives in one kind of scope, worked out once per rule (roles are shared by many bindings). */
interface RulePlan {
  /** The rule can never take effect here: no rows, counted as ineffective. */
  never: boolean;
  /** Some of its atoms can never take effect here: counted as ineffective. */
  partly: boolean;
  /** Before `keep`, after `resource` (what stats.rows counts). */
  counted: number;
  atoms: readonly Atom[];
}

/**
 * The rows grouped by (subject, rule): every row of a block shares its subject and grant, so a
 * writer formats those once. Linear in the output: the breakdown of a rule into atoms, its
 * filters and whether it can take effect are worked out once per rule, not per subject or row.
 */
export function* exportBlocks(policy: Policy, opts: ExportOptions = {}): Generator<PermissionBlock> {
  const stats = opts.stats ?? { rows: 0, ineffective: 0 };
  const saByGroup = opts.expandGroups ? serviceAccountsByGroup(policy) : undefined;
  const plans = { cluster: new Map<PolicyRule, RulePlan>(), namespace: new Map<PolicyRule, RulePlan>() };
  const planOf = (rule: PolicyRule, inNamespace: boolean): RulePlan => {
    const cache = inNamespace ? plans.namespace : plans.cluster;
    let p = cache.get(rule);
    if (!p) cache.set(rule, (p = plan(rule, inNamespace, opts)));
    return p;
  };
  for (const ib of policy.allBindings()) {
    if (opts.namespace !== undefined && ib.namespace !== '' && ib.namespace !== opts.namespace) continue;
    const resolved = policy.rulesOf(ib);
    if (!resolved) continue;
    const rules = resolved.rules.map((r) => planOf(r, ib.namespace !== ''));
    const ineffective = rules.filter((p) => p.never || p.partly).length;
    const grant = grantMaker(ib, resolved);
    for (const s of ib.binding.subjects) {
      if (subjectNeverMatches(s, ib.binding.kind)) continue;
      const subject = effectiveSubject(s, ib);
      stats.ineffective += ineffective;
      const heirs = saByGroup && subject.kind === 'Group' ? saByGroup.get(subject.name) ?? [] : [];
      const targets: { subject: Subject; viaGroup?: string }[] = [{ subject }, ...heirs.map((sa) => ({ subject: sa, viaGroup: subject.name }))].filter((t) => !opts.subject || sameSubject(opts.subject, t.subject));
      if (targets.length === 0) continue;
      for (let i = 0; i < rules.length; i++) {
        const p = rules[i]!;
        if (p.never) continue;
        const g = grant(subject, i, ib.namespace);
        for (const t of targets) {
          stats.rows += p.counted;
          if (p.atoms.length === 0) continue;
          yield t.viaGroup ? { subject: t.subject, viaGroup: t.viaGroup, grant: g, atoms: p.atoms } : { subject: t.subject, grant: g, atoms: p.atoms };
        }
      }
    }
  }
}

function plan(rule: PolicyRule, inNamespace: boolean, opts: ExportOptions): RulePlan {
  if (inNamespace && whyRuleIneffectiveInNamespace(rule, opts.catalogue)) return { never: true, partly: false, counted: 0, atoms: [] };
  const b = breakdown(rule, inNamespace, opts.catalogue);
  const wanted = opts.resource ? b.atoms.filter((a) => a.resource === opts.resource || a.resource === '*') : b.atoms;
  return { never: false, partly: b.dropped > 0, counted: wanted.length, atoms: opts.keep ? wanted.filter(opts.keep) : wanted };
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
