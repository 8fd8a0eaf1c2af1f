// `rbac batch`: one JSON request a line in, one JSON answer a line out, at the RBAC authorizer's
// level of exactness (no catalogue, no short names, no privileged-group shortcut): the format the
// tool is checked against the real authorizer with. Documented in docs/batch.md.
import type { Request } from '../model/request.js';
import { withImplicitGroups } from '../semantics/user-info.js';
import type { Analysis } from './analyze.js';
import { parseIdentity, userInfoFor } from './subject-spec.js';

type Json = Record<string, unknown>;

export function answerBatchLine(analysis: Analysis, line: string): string | undefined {
  if (line.trim() === '') return undefined;
  let input: unknown;
  try {
    input = JSON.parse(line);
  } catch (err) {
    return JSON.stringify({ error: `not JSON: ${(err as Error).message}` });
  }
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return JSON.stringify({ error: 'each line must be a JSON object' });
  const q = input as Json;
  const withId = (answer: Json) => JSON.stringify('id' in q ? { id: q.id, ...answer } : answer);
  try {
    return withId(answerBatch(analysis, q));
  } catch (err) {
    return withId({ error: (err as Error).message });
  }
}

export function answerBatch(analysis: Analysis, q: Json): Json {
  switch (q.op) {
    case 'who-can':
      return { subjects: analysis.allowedSubjects(toRequest(q)) };
    case 'can': {
      const user = withImplicitGroups(str(q, 'user'), strings(q, 'groups'));
      return { allowed: analysis.can(user, toRequest(q), { rbacOnly: true }).allowed };
    }
    case 'what-can': {
      const user = userInfoFor(parseIdentity(str(q, 'subject')), strings(q, 'groups'));
      const namespace = str(q, 'namespace');
      const result = analysis.whatCan(user, { namespace });
      // RulesFor(user, ns): ClusterRoleBindings, plus RoleBindings of ns when ns is set. Like
      // RulesFor it keeps resource rules a RoleBinding cannot make effective (nodes, ...); unlike it,
      // it drops non-resource rules reached through a RoleBinding, which Authorize never honours (spec §7.2).
      const reached = [...result.grants, ...result.ineffective.filter((g) => g.rule.resources.length > 0)].sort((a, b) => a.scope === b.scope ? 0 : a.scope === '' ? -1 : 1);
      const rules = reached.filter((g) => g.scope === '' || g.scope === namespace);
      return {
        resourceRules: rules.filter((g) => g.rule.nonResourceURLs.length === 0 || g.rule.resources.length > 0).map((g) => ({
          verbs: g.rule.verbs,
          apiGroups: g.rule.apiGroups,
          resources: g.rule.resources,
          resourceNames: g.rule.resourceNames,
        })),
        nonResourceRules: rules.filter((g) => g.rule.nonResourceURLs.length > 0).map((g) => ({ verbs: g.rule.verbs, nonResourceURLs: g.rule.nonResourceURLs })),
      };
    }
    default:
      throw new Error(`unknown op ${JSON.stringify(q.op)}: expected "who-can", "can" or "what-can"`);
  }
}

function toRequest(q: Json): Request {
  const verb = str(q, 'verb');
  if (typeof q.nonResourceURL === 'string') return { kind: 'nonResource', verb, path: q.nonResourceURL };
  return {
    kind: 'resource',
    verb,
    apiGroup: str(q, 'apiGroup'),
    resource: str(q, 'resource'),
    subresource: str(q, 'subresource'),
    name: str(q, 'name'),
    namespace: str(q, 'namespace'),
  };
}

function str(q: Json, field: string): string {
  const v = q[field];
  if (v === undefined || v === null) return '';
  if (typeof v !== 'string') throw new Error(`${field} must be a string`);
  return v;
}

function strings(q: Json, field: string): string[] {
  const v = q[field];
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) throw new Error(`${field} must be a list of strings`);
  return v as string[];
}
