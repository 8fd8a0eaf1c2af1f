import type { Command } from 'commander';
import { parseSubjectSpec, userInfoFor } from '../../engine/subject-spec.js';
import { formatWhatCan } from '../../report/what-can.js';
import { EXIT } from '../exit-codes.js';
import { addInputOptions, displayFor, loadAnalysis, notesInDocument, writeNotes, type InputOptions, type Io, collect } from '../io.js';
import { formatOf } from '../output-format.js';

interface Options extends InputOptions {
  namespace?: string;
  group?: string[];
}

export function registerWhatCan(program: Command, io: Io, setExit: (code: number) => void): void {
  const cmd = program
    .command('what-can')
    .summary('list what SUBJECT may do, rule by rule, with the binding and role of each')
    .description(
      'List the effective RBAC rules of one identity: every rule of every role bound to it (directly, or through one of its groups, including the groups authentication adds: system:authenticated, system:serviceaccounts, system:serviceaccounts:NS), by scope. Rules that reach the identity but can never take effect (cluster-scoped resources or URLs through a RoleBinding) are listed apart.\n\nSUBJECT is user:NAME, group:NAME or sa:NAMESPACE:NAME (or system:serviceaccount:NS:NAME).',
    )
    .argument('<subject>', 'user:NAME | group:NAME | sa:NAMESPACE:NAME')
    .option('-n, --namespace <ns>', 'only cluster-wide rules and this namespace\'s (as SelfSubjectRulesReview)')
    .option('--group <group>', 'a group the user belongs to, as the authenticator would say; repeatable', collect);
  addInputOptions(cmd, 'what-can').addHelpText(
    'after',
    `
Examples:
  rbac what-can sa:kube-system:replicaset-controller -f samples/kubernetes-bootstrap
  rbac what-can user:jane --group devs -n prod -f samples/worlds/teaching.yaml
  rbac what-can group:system:authenticated -f samples/kubernetes-bootstrap -o csv`,
  );
  cmd.action(async (subject: string, opts: Options) => {
    const format = formatOf('what-can', opts.output);
    const spec = parseSubjectSpec(subject);
    const user = userInfoFor(spec, opts.group ?? []);
    const { analysis, problems } = await loadAnalysis(opts, io);
    const notes = analysis.hints({ subject: spec, groups: opts.group ?? [], ...(opts.namespace ? { namespace: opts.namespace } : {}) });
    io.out(formatWhatCan(analysis.whatCan(user, opts.namespace !== undefined ? { namespace: opts.namespace } : {}), format, notes, displayFor(io, format)));
    writeNotes(io, opts, notes, { inDocument: notesInDocument(format) });
    if (opts.strict && problems > 0) setExit(EXIT.STRICT);
  });
}
