// explain: every path that grants a request, and when none does, what comes closest: the
// answer people want when they debug a 403. Near misses are rules that reach the identity and
// fail on exactly one thing (verb, API group, resource or subresource, resourceNames, namespace),
// bindings whose role is missing, and subjects that almost name the identity.
import type { PolicyRule } from '../model/rbac.js';
import type { Request, UserInfo } from '../model/request.js';
import type { Grant } from '../model/results.js';
import { appliesTo, subjectNeverMatches } from '../semantics/applies-to.js';
import { apiGroupMatches, nonResourceURLMatches, resourceMatches, resourceNameMatches, ruleAllows, verbMatches } from '../semantics/rule-matches.js';
import { authorize } from './authorize.js';
import { bindingRef, effectiveSubject, makeGrant, roleRefOf } from './grants.js';
import type { IndexedBinding, Policy } from './policy.js';

export type MissKind = 'other-namespace' | 'missing-role' | 'resource-names' | 'verb' | 'api-group' | 'resource' | 'subresource' | 'cluster-scope-via-rolebinding' | 'subject-mismatch';

export interface NearMiss {
  kind: MissKind;
  message: string;
  grant?: Grant;
}

export interface Explanation {
  allowed: boolean;
  privileged: boolean;
  grants: Grant[];
  nearMisses: NearMiss[];
}

function failures(rule: PolicyRule, req: Request): MissKind[] {
  if (req.kind === 'nonResource') {
    const out: MissKind[] = [];
    if (!verbMatches(rule, req.verb)) out.push('verb');
    if (!nonResourceURLMatches(rule, req.path)) out.push('resource');
    return out;
  }
  const out: MissKind[] = [];
  if (!verbMatches(rule, req.verb)) out.push('verb');
  if (!apiGroupMatches(rule, req.apiGroup)) out.push('api-group');
  if (!resourceMatches(rule, req.resource, req.subresource)) {
    const sameBase = rule.resources.some((r) => r.split('/')[0] === req.resource);
    out.push(sameBase ? 'subresource' : 'resource');
  }
  if (!resourceNameMatches(rule, req.name)) out.push('resource-names');
  return out;
}

const list = (xs: string[]) => xs.join(', ') || '(none)';

function describeMiss(kind: MissKind, rule: PolicyRule, req: Request): string {
  switch (kind) {
    case 'verb':
      return `the rule allows verbs [${list(rule.verbs)}], not "${req.verb}" (verbs never imply each other: get does not give list)`;
    case 'api-group':
      return `the rule is for API groups [${list(rule.apiGroups.map((g) => g || '""'))}], the request is for ${req.kind === 'resource' ? `"${req.apiGroup ?? '*'}"` : ''}`;
    case 'subresource':
      return `the rule names [${list(rule.resources)}]; a resource and its subresources are matched separately (pods does not give pods/log; pods/* is not a wildcard)`;
    case 'resource':
      return req.kind === 'nonResource' ? `the rule names URLs [${list(rule.nonResourceURLs)}]` : `the rule names resources [${list(rule.resources)}]`;
    case 'resource-names':
      return req.kind === 'resource' && req.name === '' ? `the rule is limited to the names [${list(rule.resourceNames)}], and this request carries no name (list, watch without a field selector, create and deletecollection never do)` : `the rule is limited to the names [${list(rule.resourceNames)}]`;
    default:
      return '';
  }
}

export function explain(policy: Policy, user: UserInfo, req: Request): Explanation {
  const decision = authorize(policy, user, req, { all: true });
  const nearMisses: NearMiss[] = [];
  if (!decision.allowed) collectNearMisses(policy, user, req, nearMisses);
  return { allowed: decision.allowed, privileged: decision.privileged, grants: decision.grants, nearMisses };
}

function collectNearMisses(policy: Policy, user: UserInfo, req: Request, out: NearMiss[]): void {
  const reqNs = req.kind === 'resource' ? req.namespace : '';
  const all: IndexedBinding[] = policy.allBindings();
  for (const ib of all) {
    const subjectIndex = appliesTo(user, ib.binding.subjects, ib.namespace);
    if (subjectIndex < 0) {
      almostSubject(ib, user, out);
      continue;
    }
    const subject = effectiveSubject(ib.binding.subjects[subjectIndex]!, ib);
    const resolved = policy.rulesOf(ib);
    if (!resolved) {
      const r = roleRefOf(ib);
      out.push({ kind: 'missing-role', message: `${ib.binding.kind} ${ib.namespace ? `${ib.namespace}/` : ''}${ib.binding.name} applies to ${subject.kind} ${subject.name} but refers to ${r.kind} ${r.name}, which does not exist` });
      continue;
    }
    const inScope = ib.binding.kind === 'ClusterRoleBinding' || (reqNs !== '' && ib.namespace === reqNs);
    resolved.rules.forEach((rule, i) => {
      const grant = makeGrant(ib, resolved, subject, i, ib.namespace);
      if (!inScope && ruleAllows(rule, req)) {
        const message = reqNs === '' ? `${ib.binding.kind} ${ib.namespace}/${ib.binding.name} grants this in namespace ${ib.namespace} only; a RoleBinding never grants ${req.kind === 'nonResource' ? 'non-resource URLs' : 'cluster-scoped resources or all-namespace requests'}` : `${ib.binding.kind} ${ib.namespace}/${ib.binding.name} grants this, but in namespace ${ib.namespace}, not ${reqNs}`;
        out.push({ kind: reqNs === '' ? 'cluster-scope-via-rolebinding' : 'other-namespace', message, grant });
        return;
      }
      if (!inScope) return;
      const f = failures(rule, req);
      // A rule about other resources altogether is not close; other URLs, other verbs or names are.
      if (f.length === 1 && !(f[0] === 'resource' && req.kind === 'resource')) out.push({ kind: f[0]!, message: describeMiss(f[0]!, rule, req), grant });
    });
  }
}

function almostSubject(ib: IndexedBinding, user: UserInfo, out: NearMiss[]): void {
  const ids = [user.name, ...user.groups].map((x) => x.toLowerCase());
  for (const s of ib.binding.subjects) {
    const why = subjectNeverMatches(s, ib.binding.kind);
    const nameClose = ids.includes(s.name.toLowerCase()) || (s.kind === 'ServiceAccount' && user.name.endsWith(`:${s.name}`));
    if (!nameClose) continue;
    const ref = bindingRef(ib.binding);
    const where = `${ref.kind} ${ref.namespace ? `${ref.namespace}/` : ''}${ref.name}`;
    if (why) out.push({ kind: 'subject-mismatch', message: `${where} names ${s.kind} ${s.name}, but ${why}` });
    else if (s.kind === 'ServiceAccount') out.push({ kind: 'subject-mismatch', message: `${where} names ServiceAccount ${s.namespace || ib.namespace}/${s.name}, a different namespace` });
    else out.push({ kind: 'subject-mismatch', message: `${where} names ${s.kind} "${s.name}": names are case-sensitive and must match exactly` });
  }
}
