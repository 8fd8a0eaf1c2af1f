// diffSnapshots(base, head): who gains or loses which effective permission, where, through which
// binding and role, and why. Both sides are analysed in full and walked as a union, so nothing is
// hidden; a permission counts as gained only if no rule the subject held before covers it
// (the API server's own Covers), so renames and reshuffles give an empty diff.
import type { Analysis } from '../engine/analyze.js';
import type { PolicyRule, Subject } from '../model/rbac.js';
import type { Grant } from '../model/results.js';
import { uncovered } from '../semantics/covers.js';
import { atomEffectiveInNamespace } from '../engine/what-can.js';
import { affectedSubjects, entryKey, permissionSets, ruleFingerprint, type PermissionSets, type SubjectScope } from './permission-sets.js';
import { explainChange } from './reasons.js';
import type { WorkloadChange } from './workloads.js';

export interface Risk {
  check: string;
  severity: string;
  title: string;
}

export interface DiffChange {
  change: 'added' | 'removed';
  subject: Subject;
  scope: string;
  /** The atomic permissions gained or lost, merged back into rules by verb. */
  rules: PolicyRule[];
  /** The grant on the side where the permission holds (head for added, base for removed). */
  grant: Grant;
  reasons: string[];
  risks: Risk[];
}

export interface DiffResult {
  changes: DiffChange[];
  notes: string[];
  /** Workloads that are new or run with another token (diff/workloads.ts), when either side has workloads. */
  workloads?: WorkloadChange[];
}

function ownerRules(sets: Map<string, SubjectScope>, e: SubjectScope): PolicyRule[] {
  const own = sets.get(entryKey(e.subject, e.scope))?.grants ?? [];
  // A cluster-wide grant also holds in every namespace.
  const cluster = e.scope ? sets.get(entryKey(e.subject, ''))?.grants ?? [] : [];
  return [...own, ...cluster].map((g) => g.rule);
}

/** Merges atomic rules that differ only in their verb. */
export function compact(parts: PolicyRule[]): PolicyRule[] {
  const m = new Map<string, PolicyRule>();
  for (const p of parts) {
    const k = JSON.stringify([p.apiGroups, p.resources, p.resourceNames, p.nonResourceURLs]);
    const r = m.get(k);
    if (r) {
      if (!r.verbs.includes(p.verbs[0]!)) r.verbs.push(p.verbs[0]!);
    } else m.set(k, { ...p, verbs: [...p.verbs] });
  }
  return [...m.values()];
}

function sameRules(a: SubjectScope | undefined, b: SubjectScope | undefined): boolean {
  const fa = (a?.grants ?? []).map(ruleFingerprint).sort();
  const fb = (b?.grants ?? []).map(ruleFingerprint).sort();
  return fa.length === fb.length && fa.every((x, i) => x === fb[i]);
}

export function diffAnalyses(base: Analysis, head: Analysis): DiffResult {
  const affected = affectedSubjects(base, head);
  const b = permissionSets(base, affected);
  const h = permissionSets(head, affected);
  const changes: DiffChange[] = [];
  const keys = new Set([...b.byKey.keys(), ...h.byKey.keys()]);
  // A changed cluster-wide entry can change what is covered in the subject's namespace entries too.
  const changedSubjects = new Set<string>();
  for (const k of keys) if (!sameRules(b.byKey.get(k), h.byKey.get(k))) changedSubjects.add(k.slice(0, k.lastIndexOf('\u0000')));
  for (const k of keys) {
    if (!changedSubjects.has(k.slice(0, k.lastIndexOf('\u0000')))) continue;
    for (const [side, other, change] of [[h.byKey.get(k), b.byKey, 'added'], [b.byKey.get(k), h.byKey, 'removed']] as const) {
      if (!side) continue;
      const owner = ownerRules(other, side);
      for (const g of side.grants) {
        // Atoms of a mixed rule that a RoleBinding can never grant (nodes, URLs) change nothing.
        const parts = uncovered(owner, [g.rule]).filter((p) => !side.scope || (p.nonResourceURLs.length === 0 && atomEffectiveInNamespace(p.apiGroups, p.resources[0] ?? '', p.verbs[0] ?? '', (change === 'added' ? head : base).catalogue)));
        if (parts.length === 0) continue;
        changes.push({ change, subject: side.subject, scope: side.scope, rules: compact(parts), grant: g, reasons: explainChange(change, g, base, head), risks: [] });
      }
    }
  }
  const notes: string[] = [];
  // A rule that is ineffective on one side and in force on the other (its resource re-scoped) is a change above, not a no-op.
  const inForce = (sets: PermissionSets, x: string) => {
    const cut = x.lastIndexOf('\u0000');
    return sets.byKey.get(x.slice(0, cut))?.grants.some((g) => ruleFingerprint(g) === x.slice(cut + 1)) ?? false;
  };
  const onlyIn = (one: PermissionSets, other: PermissionSets) => [...one.ineffective].filter((x) => !other.ineffective.has(x) && !inForce(other, x)).length;
  const ineffectiveChanged = onlyIn(h, b) + onlyIn(b, h);
  if (ineffectiveChanged) notes.push(`${ineffectiveChanged} change(s) touch only rules that can never take effect (cluster-scoped resources or URLs through a RoleBinding); they change no permission`);
  return { changes: mergeChanges(changes), notes };
}

/** One change per side x subject x scope x binding x role, rules merged. */
function mergeChanges(list: DiffChange[]): DiffChange[] {
  const m = new Map<string, DiffChange>();
  for (const c of list) {
    const k = `${c.change}|${entryKey(c.subject, c.scope)}|${c.grant.binding.kind}/${c.grant.binding.namespace ?? ''}/${c.grant.binding.name}|${c.grant.role.kind}/${c.grant.role.name}`;
    const e = m.get(k);
    if (e) {
      e.rules = compact([...e.rules.flatMap((r) => r.verbs.map((v) => ({ ...r, verbs: [v] }))), ...c.rules.flatMap((r) => r.verbs.map((v) => ({ ...r, verbs: [v] })))]);
      for (const r of c.reasons) if (!e.reasons.includes(r)) e.reasons.push(r);
    } else m.set(k, { ...c });
  }
  return [...m.values()];
}
