// Port of plugin/pkg/auth/authorizer/rbac/subject_locator.go : AllowedSubjects, plus the
// all-namespaces view peers get wrong: with -A every RoleBinding counts, each for its own
// namespace, and each row says where the grant applies.
import type { Subject } from '../model/rbac.js';
import type { Request } from '../model/request.js';
import type { Grant, WhoCanResult } from '../model/results.js';
import { subjectNeverMatches } from '../semantics/applies-to.js';
import { ruleAllows } from '../semantics/rule-matches.js';
import { SYSTEM_MASTERS } from '../semantics/user-info.js';
import { bindingRef, effectiveSubject, makeGrant } from './grants.js';
import type { IndexedBinding, Policy } from './policy.js';

/** The bindings whose role allows the request, in the authorizer's order, with the allowing rule. */
export function allowingBindings(policy: Policy, req: Request, allNamespaces: boolean): { ib: IndexedBinding; ruleIndex: number }[] {
  const memo = new Map<string, number>();
  const ruleFor = (ib: IndexedBinding): number => {
    let idx = memo.get(ib.roleKey);
    if (idx === undefined) {
      const resolved = policy.rulesOf(ib);
      idx = resolved ? resolved.rules.findIndex((r) => ruleAllows(r, req)) : -1;
      memo.set(ib.roleKey, idx);
    }
    return idx;
  };
  const out: { ib: IndexedBinding; ruleIndex: number }[] = [];
  // The rule match does not depend on the namespace, so with -A one memo serves every
  // RoleBinding, each answering for its own namespace.
  const consider = (ib: IndexedBinding) => {
    const i = ruleFor(ib);
    if (i >= 0) out.push({ ib, ruleIndex: i });
  };
  for (const ib of policy.clusterRoleBindings) consider(ib);
  if (req.kind === 'resource') {
    if (req.namespace !== '') {
      for (const ib of policy.roleBindingsByNamespace.get(req.namespace) ?? []) consider(ib);
    } else if (allNamespaces) {
      for (const list of policy.roleBindingsByNamespace.values()) for (const ib of list) consider(ib);
    }
  }
  return out;
}

export function whoCan(policy: Policy, req: Request, opts: { allNamespaces?: boolean } = {}): WhoCanResult {
  const allNamespaces = !!opts.allNamespaces && req.kind === 'resource' && req.namespace === '';
  const grants: Grant[] = [];
  const unmatchable: WhoCanResult['unmatchable'] = [];
  for (const { ib, ruleIndex } of allowingBindings(policy, req, allNamespaces)) {
    const resolved = policy.rulesOf(ib)!;
    for (const s of ib.binding.subjects) {
      const reason = subjectNeverMatches(s, ib.binding.kind);
      if (reason) {
        unmatchable.push({ subject: s, binding: bindingRef(ib.binding), reason });
        continue;
      }
      grants.push(makeGrant(ib, resolved, effectiveSubject(s, ib), ruleIndex, ib.namespace));
    }
  }
  const notes = ['Group system:masters can do everything: the API server allows it before RBAC is asked.'];
  return { request: req, allNamespaces, grants, unmatchable, notes };
}

/**
 * AllowedSubjects exactly as the API server's subject locator returns it (spec §8, §17.4):
 * Group system:masters first, then every subject of every allowing binding as stored (no
 * namespace defaulting, unmatchable subjects kept), de-duplicated on kind/name/namespace.
 */
export function allowedSubjects(policy: Policy, req: Request): Subject[] {
  const out: Subject[] = [{ kind: 'Group', name: SYSTEM_MASTERS }];
  const seen = new Set([`Group\u0000${SYSTEM_MASTERS}\u0000`]);
  for (const { ib } of allowingBindings(policy, req, false)) {
    for (const s of ib.binding.subjects) {
      const key = `${s.kind}\u0000${s.name}\u0000${s.namespace ?? ''}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(s.namespace ? { kind: s.kind, name: s.name, namespace: s.namespace } : { kind: s.kind, name: s.name });
    }
  }
  return out;
}
