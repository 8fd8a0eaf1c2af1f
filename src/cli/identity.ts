// The identity a command answers for: a SUBJECT argument, or kubectl's --as USER and
// --as-group GROUP. One of the two names it; both at once is a usage error (docs/cli.md#subjects).
import type { Command } from 'commander';
import type { Analysis } from '../engine/analyze.js';
import { objectIdentity, parseObjectSubject, type ObjectSubject } from '../engine/object-subject.js';
import { NAMESPACE_IGNORED } from '../engine/request-spec.js';
import { parseIdentity, userInfoFor, type SubjectSpec } from '../engine/subject-spec.js';
import type { ResolvedWorkload } from '../engine/workloads.js';
import { UsageError } from '../errors.js';
import type { UserInfo } from '../model/request.js';
import { ALL_AUTHENTICATED, ALL_SERVICE_ACCOUNTS, ANONYMOUS, serviceAccountNamespaceGroup, serviceAccountUsername } from '../semantics/user-info.js';
import { isKubernetesVerb } from '../semantics/verbs.js';
import { collect } from './io.js';

export interface IdentityOptions {
  as?: string;
  asGroup?: string[];
  group?: string[];
}

export interface Identity {
  spec: SubjectSpec;
  /** --group and --as-group, in that order. */
  groups: string[];
  user: UserInfo;
}

export function addIdentityOptions(cmd: Command): Command {
  return cmd
    .option('--as <user>', 'the identity instead of SUBJECT, as kubectl impersonation names it: a user name, or system:serviceaccount:NS:NAME for a ServiceAccount')
    .option('--as-group <group>', 'a group of the identity, as kubectl --as-group; repeatable. As with impersonation, the groups given are all its groups (no system:authenticated, no ServiceAccount groups added)', collect);
}

export function identityOf(subject: string | undefined, opts: IdentityOptions): Identity {
  if (subject !== undefined && opts.as !== undefined) throw new UsageError(`the identity is named twice, as SUBJECT "${subject}" and as --as ${opts.as}: give one of them`);
  const text = subject ?? opts.as;
  if (text === undefined) {
    throw new UsageError(opts.asGroup?.length ? '--as-group needs --as USER, as kubectl impersonation does (for any member of a group, name the subject group:NAME)' : 'name the identity: SUBJECT (jane, group:devs, sa:NAMESPACE:NAME) or --as USER');
  }
  const spec = parseIdentity(text);
  const groups = [...(opts.group ?? []), ...(opts.asGroup ?? [])];
  const user = opts.as !== undefined && spec.kind !== 'Group' ? impersonated(spec, groups) : userInfoFor(spec, groups);
  return { spec, groups, user };
}

/**
 * SUBJECT as kubectl names an object (deploy/web, sa/deployer), read before the input is loaded
 * so a malformed one fails fast; undefined for an identity (jane, sa:NS:NAME) or with --as.
 */
export function objectSubjectOf(subject: string | undefined, opts: IdentityOptions): ObjectSubject | undefined {
  if (subject === undefined || opts.as !== undefined) return undefined;
  const obj = parseObjectSubject(subject);
  if (obj && (opts.group?.length || opts.asGroup?.length)) throw new UsageError(`${subject} names ${obj.type === 'workload' ? 'a workload, whose token' : 'a ServiceAccount, which'} has fixed groups: --group and --as-group do not apply`);
  return obj;
}

export type ObjectIdentityResult = { identity: Identity; reading: string } | { noToken: ResolvedWorkload; reading: string };

/** The identity of an object SUBJECT in -n NS ("default" without it, as kubectl), once the input is loaded. */
export function identityOfObject(analysis: Analysis, obj: ObjectSubject, namespace: string | undefined): ObjectIdentityResult {
  const o = objectIdentity(analysis, obj, namespace ?? 'default');
  if (!o.user) return { noToken: o.workload!, reading: o.reading };
  return { identity: { spec: o.spec, groups: [], user: o.user }, reading: o.reading };
}

/** can's and explain's SUBJECT before the input is loaded: an object to look up in it, or the identity it names. */
export type PendingSubject = { object: ObjectSubject; text: string } | { identity: Identity };

export function pendingSubject(subject: string | undefined, opts: IdentityOptions): PendingSubject {
  const object = objectSubjectOf(subject, opts);
  return object ? { object, text: subject! } : { identity: identityOf(subject, opts) };
}

/**
 * The identity once the input is loaded (or the workload whose pods carry none), with the
 * request's notes: an object's reading first, and its -n, which named the object, explained
 * where a cluster-scoped request does not take it.
 */
export function subjectFound(analysis: Analysis, pending: PendingSubject, namespace: string | undefined, requestNotes: readonly string[]): ({ identity: Identity } | { noToken: ResolvedWorkload }) & { notes: string[] } {
  if ('identity' in pending) return { identity: pending.identity, notes: [...requestNotes] };
  const o = identityOfObject(analysis, pending.object, namespace);
  const notes = [o.reading, ...requestNotes.map((n) => (n.endsWith(NAMESPACE_IGNORED) ? `${n.slice(0, -NAMESPACE_IGNORED.length)} (-n named the namespace of ${pending.text} only)` : n))];
  return 'identity' in o ? { identity: o.identity, notes } : { noToken: o.noToken, notes };
}

/**
 * The user --as builds, as the API server's impersonation filter does: the groups given, exactly;
 * with none, a ServiceAccount's two groups, and system:authenticated for any user but
 * system:anonymous (staging/src/k8s.io/apiserver/pkg/endpoints/filters/impersonation.go). A SUBJECT
 * is instead the identity as its own credentials authenticate it (userInfoFor).
 */
function impersonated(spec: SubjectSpec, groups: readonly string[]): UserInfo {
  const name = spec.kind === 'ServiceAccount' ? serviceAccountUsername(spec.namespace!, spec.name) : spec.name;
  if (groups.length > 0) return { name, groups: [...groups] };
  const out = spec.kind === 'ServiceAccount' ? [ALL_SERVICE_ACCOUNTS, serviceAccountNamespaceGroup(spec.namespace!)] : [];
  if (name !== ANONYMOUS) out.push(ALL_AUTHENTICATED);
  return { name, groups: out };
}

export interface RequestArgs {
  subject?: string;
  verb: string;
  resource: string;
  name?: string;
}

/**
 * can and explain take [SUBJECT] VERB RESOURCE [NAME]: with --as there is no SUBJECT, as in
 * `kubectl auth can-i VERB RESOURCE --as USER`. Readings that would silently shift the words
 * (a subject left in with --as, a verb where the subject goes) are usage errors.
 */
export function requestArgs(args: readonly (string | undefined)[], opts: IdentityOptions): RequestArgs {
  const words = args.filter((a): a is string => a !== undefined);
  if (opts.as !== undefined) {
    const [first, second] = words;
    const subjectLeftIn = words.length === 4 || (words.length === 3 && (/^(user|u|group|g|sa|serviceaccount|system:serviceaccount):/i.test(first!) || (!isKubernetesVerb(first!) && isKubernetesVerb(second!))));
    if (subjectLeftIn) throw new UsageError(`the identity is named twice, as SUBJECT "${first}" and as --as ${opts.as}: give one of them`);
    if (words.length < 2) throw new UsageError('with --as USER, give VERB RESOURCE [NAME]');
    return { verb: words[0]!, resource: words[1]!, ...(words[2] !== undefined ? { name: words[2] } : {}) };
  }
  if (words.length < 3) throw new UsageError('give SUBJECT VERB RESOURCE [NAME], or --as USER VERB RESOURCE [NAME]');
  // `can get pods` with the subject forgotten would read the verb as a user named "get".
  if (isKubernetesVerb(words[0]!) && !isKubernetesVerb(words[1]!)) throw new UsageError(`SUBJECT "${words[0]}" is a verb: name the identity first (or --as USER); for a user of that name, type user:${words[0]}`);
  return { subject: words[0]!, verb: words[1]!, resource: words[2]!, ...(words[3] !== undefined ? { name: words[3] } : {}) };
}
