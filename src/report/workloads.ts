// Workload answers: what-can TYPE/NAME (the token's powers, or that none is mounted) and
// who-can --workloads (the workloads whose pods carry the permission), in every output format.
import type { ResolvedWorkload, WorkloadGrant, WorkloadPowers } from '../engine/workloads.js';
import { describeRequest } from '../model/request.js';
import type { WhoCanResult } from '../model/results.js';
import { workloadLabel, type Workload } from '../model/workload.js';
import { toCsv } from './csv.js';
import { refText, roleText, ruleText, scopeText, shownName } from './describe.js';
import { structured, type OutputFormat } from './format.js';
import { grantJson } from './json.js';
import { PLAIN_DISPLAY, type Display } from './display.js';
import { renderTable, wrapLines } from './table.js';
import { formatWhatCan } from './what-can.js';

export function placementText(w: Workload): string {
  return w.placement.type === 'every-node' ? 'every node' : w.placement.type === 'nodes' ? w.placement.nodes.map(shownName).join(', ') : 'unknown';
}

export function workloadJson(w: Workload): Record<string, unknown> {
  return { kind: w.kind, namespace: w.namespace, name: w.name, serviceAccount: w.serviceAccount, placement: w.placement, nodeAccess: w.nodeAccess, ...(w.pods.length ? { pods: w.pods } : {}) };
}

export function formatWorkloadPowers(p: WorkloadPowers, format: OutputFormat, notes: readonly string[] = []): string {
  const w = p.workload;
  const sa = `sa:${w.namespace}:${w.serviceAccount}`;
  if (format === 'json' || format === 'yaml') {
    return structured({ workload: workloadJson(w), tokenMounted: p.mounted, mountReason: p.mountReason, ...(p.powers ? { grants: p.powers.grants.map(grantJson), ineffective: p.powers.ineffective.map((g) => ({ ...grantJson(g), reason: g.reason })) } : {}), notes }, format);
  }
  if (!p.powers) {
    const text = `${workloadLabel(w)} runs as ${shownName(sa)}, but no token is mounted (${p.mountReason}): its pods hold no Kubernetes API powers.\n`;
    return format === 'csv' ? toCsv(['workload_kind', 'workload_namespace', 'workload_name', 'service_account', 'token_mounted'], [[w.kind, w.namespace, w.name, w.serviceAccount, 'false']]) : text;
  }
  const body = formatWhatCan(p.powers, format, notes);
  if (format === 'csv') return body;
  const where = w.nodeAccess.length ? `; it can reach its node (${w.nodeAccess.map((a) => a.detail).join('; ')})` : '';
  return `${workloadLabel(w)} runs as ${shownName(sa)} with its token mounted (${p.mountReason}); placement: ${placementText(w)}${where}.\n${body}`;
}

/** `rbac can` / `explain` for a workload whose pods mount no token: no, and why. */
export function formatNoTokenDecision(r: ResolvedWorkload, format: OutputFormat, notes: readonly string[] = []): string {
  const w = r.workload;
  if (format === 'json' || format === 'yaml') return structured({ workload: workloadJson(w), tokenMounted: false, mountReason: r.mountReason, allowed: false, notes }, format);
  if (format === 'csv') return toCsv(['workload_kind', 'workload_namespace', 'workload_name', 'service_account', 'token_mounted', 'allowed'], [[w.kind, w.namespace, w.name, w.serviceAccount, 'false', 'no']]);
  return `no\n  ${workloadLabel(w)} runs as ${shownName(`sa:${w.namespace}:${w.serviceAccount}`)}, but no token is mounted (${r.mountReason}): its pods hold no Kubernetes API powers. A request without credentials is system:anonymous, where the API server allows anonymous requests.\n`;
}

export function formatWorkloadGrants(result: WhoCanResult, rows: WorkloadGrant[], format: OutputFormat | 'name', display: Display = PLAIN_DISPLAY): string {
  const sorted = [...rows].sort((a, b) => workloadLabel(a.workload).localeCompare(workloadLabel(b.workload)));
  switch (format) {
    case 'json':
    case 'yaml':
      return structured({ request: describeRequest(result.request, result.allNamespaces), workloads: sorted.map((r) => ({ workload: workloadJson(r.workload), mountReason: r.mountReason, grant: grantJson(r.grant) })) }, format);
    case 'csv':
      return toCsv(
        ['workload_kind', 'workload_namespace', 'workload_name', 'service_account', 'placement', 'scope', 'binding_kind', 'binding_namespace', 'binding_name', 'role_kind', 'role_name'],
        sorted.map((r) => [r.workload.kind, r.workload.namespace, r.workload.name, r.workload.serviceAccount, placementText(r.workload), r.grant.scope, r.grant.binding.kind, r.grant.binding.namespace ?? '', r.grant.binding.name, r.grant.role.kind, r.grant.role.name]),
      );
    case 'name':
      return [...new Set(sorted.map((r) => `${r.workload.kind.toLowerCase()}/${r.workload.name}`))].map((n) => `${n}\n`).join('');
    case 'table':
    case 'wide': {
      // Which workload, as whom, where, and through which binding (what to change), as who-can; -o wide adds the role, rule and why the token is mounted.
      const wide = format === 'wide';
      const body = sorted.map((r) => [workloadLabel(r.workload), shownName(r.workload.serviceAccount), placementText(r.workload), scopeText(r.grant.scope), refText(r.grant.binding), ...(wide ? [roleText(r.grant), ruleText(r.grant.rule), r.mountReason] : [])]);
      const head = ['WORKLOAD', 'SERVICEACCOUNT', 'NODES', 'SCOPE', 'BINDING', ...(wide ? ['ROLE', 'RULE', 'MOUNTED BECAUSE'] : [])];
      const count = new Set(sorted.map((r) => workloadLabel(r.workload))).size;
      const title = wrapLines([`Workloads whose pods can ${describeRequest(result.request, result.allNamespaces)}:`], display);
      const foot = wrapLines([`${count} workload(s) with a mounted token. Workloads whose pods mount no token are left out.${wide ? '' : ' -o wide adds the role, the rule and why the token is mounted.'}`], display);
      return `${[...title, renderTable(head, body, display), ...foot].join('\n')}\n`;
    }
  }
}
