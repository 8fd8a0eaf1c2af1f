// Who holds a permission, for audits: the who-can answer, plus the grants that allow it only for
// some object names (rules restricted by resourceNames), with those names. The names are tried
// through the same ruleAllows, so a restricted grant is one the authorizer would honour for them.
import type { PolicyRule } from '../model/rbac.js';
import type { Request } from '../model/request.js';
import type { Grant } from '../model/results.js';
import { ruleAllows } from '../semantics/rule-matches.js';
import { candidateRuleSets, holderIndex } from './holder-index.js';
import type { Policy } from './policy.js';

export interface Holding {
  grant: Grant;
  /** Set when the grant allows the request only for these object names. */
  restrictedTo?: string[];
}

// A request that names its object is decided by ruleAllows alone: a rule limited to other names
// does not allow it, so it is no restricted holding either.
function namesAllowed(rule: PolicyRule, req: Request): string[] {
  if (req.kind !== 'resource' || rule.resourceNames.length === 0 || req.name !== '') return [];
  return rule.resourceNames.filter((name) => ruleAllows(rule, { ...req, name }));
}

export function holders(policy: Policy, req: Request, opts: { allNamespaces: boolean; includeRestricted: boolean }): Holding[] {
  type Hit = { index: number; names?: string[] };
  const hit = (rules: readonly PolicyRule[]): Hit | undefined => {
    const open = rules.findIndex((r) => ruleAllows(r, req));
    if (open >= 0) return { index: open };
    if (!opts.includeRestricted) return undefined;
    const names = new Set<string>();
    let first = -1;
    rules.forEach((r, i) => {
      const n = namesAllowed(r, req);
      if (n.length && first < 0) first = i;
      n.forEach((x) => names.add(x));
    });
    return first >= 0 ? { index: first, names: [...names].sort() } : undefined;
  };
  const index = holderIndex(policy);
  const namespace = req.kind === 'resource' ? req.namespace : '';
  // Without a namespace and allNamespaces, only ClusterRoleBindings count: they come first.
  const end = namespace || (req.kind === 'resource' && opts.allNamespaces) ? index.bindings.length : index.clusterBindings;
  // Per rule list, not per role: roles with the same rules give the same answer.
  const hits: (Hit | undefined)[] = [];
  const positions: number[] = [];
  let lists = 0;
  for (const i of candidateRuleSets(index, req)) {
    const set = index.ruleSets[i]!;
    if (set.positions[0]! >= end || !(hits[i] = hit(set.rules))) continue;
    lists++;
    for (const p of set.positions) {
      if (p >= end) break;
      if (!namespace || p < index.clusterBindings || index.bindings[p]!.namespace === namespace) positions.push(p);
    }
  }
  // Back in binding order (ClusterRoleBindings first, then namespace by namespace): the order the answer is reported in.
  const ordered = lists > 1 ? Int32Array.from(positions).sort() : positions;
  const out: Holding[] = [];
  for (const p of ordered) {
    const h = hits[index.ruleSetOf[p]!]!;
    const subjects = index.subjects[p]!;
    for (let s = 0; s < subjects.length; s++) {
      const grant = index.grant(p, s, h.index);
      out.push(h.names ? { grant, restrictedTo: h.names } : { grant });
    }
  }
  return out;
}
