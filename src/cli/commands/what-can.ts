import type { Command } from 'commander';
import { objectIdentity, type ObjectSubject } from '../../engine/object-subject.js';
import { workloadWhatCan } from '../../engine/workloads.js';
import { formatWorkloadPowers } from '../../report/workloads.js';
import { formatWhatCan } from '../../report/what-can.js';
import { UsageError } from '../../errors.js';
import { EXIT } from '../exit-codes.js';
import { addIdentityOptions, identityOf, objectSubjectOf, type Identity, type IdentityOptions } from '../identity.js';
import { addInputOptions, displayFor, loadAnalysis, notesInDocument, writeNotes, type InputOptions, type Io, collect } from '../io.js';
import { formatOf } from '../output-format.js';

export interface WhatCanOptions extends InputOptions, IdentityOptions {
  namespace?: string;
  allNamespaces?: boolean;
}

export function registerWhatCan(program: Command, io: Io, setExit: (code: number) => void): void {
  const cmd = program
    .command('what-can')
    .summary('list what SUBJECT may do, rule by rule, with the binding and role of each')
    .description(
      'List the effective RBAC rules of one identity: every rule of every role bound to it (directly, or through one of its groups, including the groups authentication adds: system:authenticated, system:serviceaccounts, system:serviceaccounts:NS), by scope. Rules that reach the identity but can never take effect (cluster-scoped resources or URLs through a RoleBinding) are listed apart.\n\nSUBJECT is a user name (jane, system:anonymous), user:NAME, group:NAME, sa:NAMESPACE:NAME or system:serviceaccount:NS:NAME; or give --as USER instead, as with kubectl. Without -n, every namespace\'s rules are listed (as with -A). A workload as kubectl names it (deploy/NAME, ds/NAME, sts/NAME, rs/NAME, job/NAME, cj/NAME, rc/NAME, pod/NAME; -n is then its namespace, default "default") gives the powers of the token its pods carry, in every namespace, or says that none is mounted; sa/NAME -n NS is that ServiceAccount, its rules in every namespace too.',
    )
    .argument('[subject]', 'NAME | user:NAME | group:NAME | sa:NAMESPACE:NAME | sa/NAME or TYPE/NAME with -n, as kubectl names a ServiceAccount or workload (or --as)')
    .option('-n, --namespace <ns>', 'only cluster-wide rules and this namespace\'s (as SelfSubjectRulesReview)')
    .option('-A, --all-namespaces', 'the rules of every namespace (the default without -n)')
    .option('--group <group>', 'a group the user belongs to, as the authenticator would say; repeatable', collect);
  addIdentityOptions(cmd);
  addInputOptions(cmd, 'what-can').addHelpText(
    'after',
    `
Examples:
  rbac what-can sa:kube-system:replicaset-controller -f samples/kubernetes-bootstrap
  rbac what-can jane --group devs -n prod -f samples/worlds/teaching.yaml
  rbac what-can --as system:serviceaccount:prod:deployer -f samples/worlds/teaching.yaml
  rbac what-can group:system:authenticated -f samples/kubernetes-bootstrap -o csv
  rbac what-can ds/node-exporter -n monitoring -f samples/addons/kube-prometheus.yaml -f samples/workloads`,
  );
  cmd.action(async (subject: string | undefined, opts: WhatCanOptions) => {
    const obj = objectSubjectOf(subject, opts);
    if (obj) return answerObjectWhatCan(obj, opts, io, setExit);
    await answerWhatCan(identityOf(subject, opts), opts, io, setExit);
  });
}

/**
 * what-can of an object as kubectl names it, -n being its namespace (so the rules of every
 * namespace): a workload's token powers (or that none is mounted), or a ServiceAccount's rules.
 */
export async function answerObjectWhatCan(obj: ObjectSubject, opts: WhatCanOptions, io: Io, setExit: (code: number) => void): Promise<void> {
  const format = formatOf('what-can', opts.output);
  if (opts.allNamespaces && opts.namespace !== undefined) throw new UsageError('-A (every namespace) and -n (the namespace of the object) contradict each other: give one');
  const { analysis, problems } = await loadAnalysis(opts, io);
  const namespace = opts.namespace ?? 'default';
  if (obj.type === 'workload') io.out(formatWorkloadPowers(workloadWhatCan(analysis, obj.kind, namespace, obj.name), format));
  else {
    const o = objectIdentity(analysis, obj, namespace);
    const notes = [o.reading, ...analysis.hints({ subject: o.spec, groups: [] })];
    io.out(formatWhatCan(analysis.whatCan(o.user!), format, notes, displayFor(io, format)));
    writeNotes(io, opts, notes, { inDocument: notesInDocument(format) });
  }
  if (opts.strict && problems > 0) setExit(EXIT.STRICT);
}

/** what-can's answer; `can --list` gives the same. */
export async function answerWhatCan(id: Identity, opts: WhatCanOptions, io: Io, setExit: (code: number) => void): Promise<void> {
  const format = formatOf('what-can', opts.output);
  if (opts.allNamespaces && opts.namespace !== undefined) throw new UsageError('-A (every namespace) and -n (one namespace) contradict each other: give one');
  const { analysis, problems } = await loadAnalysis(opts, io);
  const notes = analysis.hints({ subject: id.spec, groups: id.groups, ...(opts.namespace ? { namespace: opts.namespace } : {}) });
  io.out(formatWhatCan(analysis.whatCan(id.user, opts.namespace !== undefined ? { namespace: opts.namespace } : {}), format, notes, displayFor(io, format)));
  writeNotes(io, opts, notes, { inDocument: notesInDocument(format) });
  if (opts.strict && problems > 0) setExit(EXIT.STRICT);
}
