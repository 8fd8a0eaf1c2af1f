// Audit findings that know workloads: which workloads mount the token of a ServiceAccount a
// finding is about, and the check of a workload that can reach its node while its token is
// powerful (match.workloads). "Powerful" is exact: the token's identity (the ServiceAccount and
// the groups every token of it carries) can make one of the requests the check lists, as the
// authorizer answers it.
import type { Analysis } from '../engine/analyze.js';
import { resolvedWorkloads, workloadUser, type ResolvedWorkload } from '../engine/workloads.js';
import type { Subject } from '../model/rbac.js';
import { workloadLabel, type Placement, type Workload } from '../model/workload.js';
import { appliesToUser } from '../semantics/applies-to.js';
import { serviceAccountUsername } from '../semantics/user-info.js';
import { anyOfFindings } from './evaluate.js';
import type { Finding, FindingWorkload } from './finding.js';
import type { QueryDefinition } from './query-definition.js';

export function placementText(p: Placement): string {
  return p.type === 'every-node' ? 'every node' : p.type === 'nodes' ? `nodes ${p.nodes.join(', ')}` : 'unknown';
}

const asFindingWorkload = (w: Workload): FindingWorkload => ({ kind: w.kind, namespace: w.namespace, name: w.name, placement: placementText(w.placement) });

/** ServiceAccount -> the workloads whose pods carry its token. */
function mountedBy(analysis: Analysis): Map<string, ResolvedWorkload[]> {
  const out = new Map<string, ResolvedWorkload[]>();
  for (const r of resolvedWorkloads(analysis.snapshot)) {
    if (!r.mounted) continue;
    const k = `${r.workload.namespace}/${r.workload.serviceAccount}`;
    const list = out.get(k);
    if (list) list.push(r);
    else out.set(k, [r]);
  }
  return out;
}

/** Sets `workloads` on every finding about a ServiceAccount whose token some workload mounts. */
export function attachWorkloads(analysis: Analysis, findings: Finding[]): void {
  if (!analysis.snapshot.workloads?.length) return;
  const by = mountedBy(analysis);
  // One list per ServiceAccount, shared by its findings (a finding never changes it).
  const shown = new Map<string, FindingWorkload[]>();
  for (const f of findings) {
    if (f.subject?.kind !== 'ServiceAccount') continue;
    const k = `${f.subject.namespace}/${f.subject.name}`;
    let list = shown.get(k);
    if (list === undefined) {
      const mounted = by.get(k);
      if (!mounted) continue;
      shown.set(k, (list = mounted.map((r) => asFindingWorkload(r.workload))));
    }
    f.workloads = list;
  }
}

/** "mounted by DaemonSet monitoring/node-exporter (on every node)", "+2 more" past the first: the table stays narrow. */
export function workloadsNote(f: Finding): string {
  const w = f.workloads;
  if (!w?.length) return '';
  const first = w.find((x) => x.placement === 'every node') ?? w[0]!;
  const every = w.filter((x) => x.placement === 'every node').length;
  const more = w.length > 1 ? ` +${w.length - 1} more${every > (first.placement === 'every node' ? 1 : 0) ? `, ${every} on every node` : ''}` : '';
  return `mounted by ${first.kind} ${first.namespace}/${first.name}${first.placement === 'every node' ? ' (on every node)' : ''}${more}`;
}

/**
 * The one user name ("u:NAME") or group ("g:NAME") a subject bound in SCOPE can match: a User by
 * its name, a ServiceAccount by its username (its namespace, else the scope, as appliesToUser
 * defaults it), a Group by its name. Other subjects match nobody.
 */
function possibleUser(s: Subject, scope: string): string | undefined {
  if (s.kind === 'User') return `u:${s.name}`;
  if (s.kind === 'Group') return `g:${s.name}`;
  if (s.kind === 'ServiceAccount' && (s.namespace || scope)) return `u:${serviceAccountUsername(s.namespace || scope, s.name)}`;
  return undefined;
}

/** The possibleUser keys that can name USER: its name and each of its groups. */
const userKeys = (user: { name: string; groups: readonly string[] }) => [`u:${user.name}`, ...user.groups.map((g) => `g:${g}`)];

/** Finding indexes by possibleUser. */
function byPossibleUser(findings: readonly Finding[]): Map<string, number[]> {
  const out = new Map<string, number[]>();
  findings.forEach((f, i) => {
    const k = f.subject && possibleUser(f.subject, f.scope);
    if (k === undefined) return;
    const list = out.get(k);
    if (list) list.push(i);
    else out.set(k, [i]);
  });
  return out;
}

/** match.workloads: one finding per workload that reaches its node and mounts a token that can make one of the listed requests. */
export function workloadFindings(analysis: Analysis, def: QueryDefinition): Finding[] {
  const spec = def.match.workloads!;
  const candidates = resolvedWorkloads(analysis.snapshot).filter((r) => r.mounted && r.workload.nodeAccess.length > 0);
  if (candidates.length === 0) return [];
  // The token's powers, asked exactly as an anyOf check asks them, of the subjects that can name one of these tokens only.
  const names = new Set(candidates.flatMap((r) => userKeys(workloadUser(r.workload))));
  const powers = anyOfFindings(analysis.policy, def, spec.tokenCan, analysis.catalogue, (g) => names.has(possibleUser(g.subject, g.scope) ?? ''));
  const mayApply = byPossibleUser(powers);
  const out: Finding[] = [];
  for (const r of candidates) {
    const w = r.workload;
    const user = workloadUser(w);
    // The findings whose subject can name this token, in their order; appliesToUser decides.
    const near = [...new Set(userKeys(user).flatMap((k) => mayApply.get(k) ?? []))].sort((a, b) => a - b);
    const held = near.map((i) => powers[i]!).filter((f) => f.subject && appliesToUser(user, f.subject, f.scope));
    if (held.length === 0) continue;
    const matched = [...new Set(held.flatMap((f) => f.matched.map((m) => (f.scope ? `${m} in ${f.scope}` : m))))];
    const escape = w.nodeAccess.map((a) => a.detail).join('; ');
    out.push({
      check: def.id,
      title: def.title,
      severity: def.severity,
      subject: { kind: 'ServiceAccount', name: w.serviceAccount, namespace: w.namespace },
      object: { kind: w.kind, name: w.name, namespace: w.namespace },
      scope: w.namespace,
      matched,
      matches: held.flatMap((f) => f.matches ?? []),
      grants: held.flatMap((f) => f.grants),
      source: w.source,
      message: `${workloadLabel(w)}${w.placement.type === 'every-node' ? ' (on every node)' : ''} can reach its node (${escape}) and its pods carry the token of sa:${w.namespace}:${w.serviceAccount}, which can ${matched.join(' / ')}`,
    });
  }
  return out;
}
