// Notes for a request or identity that names something the input never does: an unknown verb, a
// namespace nothing lives in, a subject no binding names. Each is one line with the closest name
// the input does use. The answer stays exact; the note says why it may not be the one meant.
import type { Request, UserInfo } from '../model/request.js';
import { isKubernetesVerb, KUBERNETES_VERBS, SYSTEM_NAMESPACES } from '../semantics/verbs.js';
import { isPrivileged } from '../semantics/user-info.js';
import { closestMatch } from './closest.js';
import type { Policy } from './policy.js';
import { userInfoFor, type SubjectSpec } from './subject-spec.js';
import { vocabularyOf, type Vocabulary } from './vocabulary.js';

export interface HintQuery {
  /** The request as resolved: its verb and namespace are checked. */
  request?: Request;
  /** A namespace named without a request (what-can -n, export -n). */
  namespace?: string;
  /** The identity asked about, as typed, and the groups given with --group. */
  subject?: SubjectSpec;
  groups?: readonly string[];
}

export function requestHints(policy: Policy, q: HintQuery): string[] {
  const v = vocabularyOf(policy);
  const notes: string[] = [];
  if (q.request) verbHint(v, q.request.verb, notes);
  const namespace = q.namespace || (q.request?.kind === 'resource' ? q.request.namespace : '');
  // A namespace with RoleBindings is known at once; only another one needs the whole vocabulary.
  if (namespace && namespacesKnown(policy) && !policy.roleBindingsByNamespace.has(namespace)) namespaceHint(v, namespace, notes);
  if (q.subject) subjectHints(v, q.subject, q.groups ?? [], notes);
  return notes;
}

const didYouMean = (s: string | undefined, show: (x: string) => string = (x) => `"${x}"`) => (s === undefined ? '' : `; did you mean ${show(s)}?`);

function verbHint(v: Vocabulary, verb: string, notes: string[]): void {
  const known = (x: string) => isKubernetesVerb(x) || v.verbs.has(x);
  // An upper-case spelling of a known verb already has the case-sensitivity note.
  if (known(verb) || known(verb.toLowerCase())) return;
  const candidates = new Set([...KUBERNETES_VERBS, ...v.verbs]);
  candidates.delete('*');
  notes.push(`verb "${verb}" is not a Kubernetes verb and no rule names it${didYouMean(closestMatch(verb, candidates))}`);
}

/** A live cluster that could not list its Namespaces knows too few to call one unknown. */
function namespacesKnown(policy: Policy): boolean {
  return policy.snapshot.meta.origin !== 'cluster' || policy.snapshot.namespaces.length > 0;
}

function namespaceHint(v: Vocabulary, namespace: string, notes: string[]): void {
  if (v.namespaces.has(namespace) || SYSTEM_NAMESPACES.includes(namespace)) return;
  notes.push(`namespace "${namespace}" appears nowhere in the input${didYouMean(closestMatch(namespace, new Set([...v.namespaces, ...SYSTEM_NAMESPACES])))}`);
}

function subjectHints(v: Vocabulary, spec: SubjectSpec, given: readonly string[], notes: string[]): void {
  const user = userInfoFor(spec, given);
  // system:masters is allowed everything before RBAC: no binding is missing.
  if (isPrivileged(user)) return;
  const unboundGiven = given.filter((g) => !v.groups.has(g));
  switch (spec.kind) {
    case 'User': {
      if (v.users.has(spec.name)) break;
      // A bare name is a user (as kubectl --as reads it): say so when bindings name it as a group.
      if (v.groups.has(spec.name)) {
        notes.push(`no binding names User "${spec.name}"${groupsClause(v, user)}; bindings name Group "${spec.name}": for a member of it, type group:${spec.name}`);
        break;
      }
      const suggestion = closestMatch(spec.name, v.users);
      // People usually come through their groups: a bound --group makes an unnamed user normal,
      // worth a note only when the name looks like a typo of one a binding does name.
      if (suggestion === undefined && unboundGiven.length < given.length) break;
      notes.push(`no binding names User "${spec.name}"${groupsClause(v, user)}${didYouMean(suggestion)}`);
      break;
    }
    case 'Group':
      if (!v.groups.has(spec.name)) notes.push(groupNote(v, spec.name));
      break;
    case 'ServiceAccount': {
      const key = `${spec.namespace}/${spec.name}`;
      if (v.boundServiceAccounts.has(key)) break;
      if (v.serviceAccountObjects.has(key)) {
        // The object exists, so the name is no typo: no suggestion.
        notes.push(`no binding names ServiceAccount ${key}, which the input defines${groupsClause(v, user)}`);
        break;
      }
      const suggestion = closestMatch(key, new Set([...v.boundServiceAccounts, ...v.serviceAccountObjects]));
      notes.push(`no binding names ServiceAccount ${key}, and the input does not define it${groupsClause(v, user)}${didYouMean(suggestion, (x) => `"sa:${x.replace('/', ':')}"`)}`);
      break;
    }
  }
  for (const g of unboundGiven) if (g !== spec.name) notes.push(groupNote(v, g));
}

function groupNote(v: Vocabulary, group: string): string {
  return `no binding names Group "${group}"${didYouMean(closestMatch(group, v.groups))}`;
}

/** What the identity still gets through its groups, so the note does not read as "it gets nothing". */
function groupsClause(v: Vocabulary, user: UserInfo): string {
  const bound = user.groups.filter((g) => v.groups.has(g));
  if (bound.length) return `: it gets only what its groups get (${bound.join(', ')})`;
  return `: RBAC allows it nothing (no binding names its groups either: ${user.groups.join(', ')})`;
}
