import type { Command } from 'commander';
import { parseSubjectSpec, userInfoFor } from '../../engine/subject-spec.js';
import { allowedElsewhereNote } from '../../engine/where-allowed.js';
import { formatCan } from '../../report/can.js';
import { UsageError } from '../../errors.js';
import { parseDuration } from '../source.js';
import { EXIT } from '../exit-codes.js';
import { addInputOptions, displayFor, loadAnalysis, notesInDocument, writeNotes, type InputOptions, type Io, collect } from '../io.js';
import { formatOf } from '../output-format.js';

interface Options extends InputOptions {
  namespace?: string;
  group?: string[];
  apiGroup?: string;
  subresource?: string;
  verify?: boolean;
}

export function registerCan(program: Command, io: Io, setExit: (code: number) => void): void {
  const cmd = program
    .command('can')
    .summary('answer yes or no for one identity and request (exit 0 = yes, 1 = no)')
    .description(
      'Answer whether SUBJECT may do VERB on RESOURCE, as the API server would, and say which binding, role and rule allow it. Exit code 0 means yes, 1 means no, like `kubectl auth can-i`. The groups authentication adds (system:authenticated, the service-account groups) are added.',
    )
    .argument('<subject>', 'user:NAME | group:NAME | sa:NAMESPACE:NAME')
    .argument('<verb>', 'the verb, e.g. get, create, impersonate')
    .argument('<resource>', 'resource[.group][/subresource] or /non-resource-url')
    .argument('[name]', 'object name')
    .option('-n, --namespace <ns>', 'the namespace of the request (omit for cluster scope)')
    .option('--group <group>', 'a group the user belongs to; repeatable', collect)
    .option('--api-group <group>', 'API group of RESOURCE ("" for core)')
    .option('--subresource <sub>', 'subresource, e.g. exec, log')
    .option('--verify', 'also ask the live API server (SubjectAccessReview) and report any disagreement: catches webhook and Node authorizers, and our own bugs');
  addInputOptions(cmd, 'can').addHelpText(
    'after',
    `
Examples:
  rbac can user:jane --group devs get pods/log -n prod -f samples/worlds/teaching.yaml
  rbac can sa:kube-system:replicaset-controller create pods -n default -f samples/kubernetes-bootstrap
  rbac can user:jane get /healthz -f samples/kubernetes-bootstrap && echo allowed`,
  );
  cmd.action(async (subject: string, verb: string, resource: string, name: string | undefined, opts: Options) => {
    const format = formatOf('can', opts.output);
    if (opts.verify && opts.filename?.length) throw new UsageError('--verify asks the live cluster: it cannot be combined with -f');
    const spec = parseSubjectSpec(subject);
    const user = userInfoFor(spec, opts.group ?? []);
    const { analysis, problems } = await loadAnalysis(opts, io);
    const resolved = analysis.resolve({ verb, resource, name, namespace: opts.namespace, apiGroup: opts.apiGroup, subresource: opts.subresource });
    const req = resolved.request;
    const decision = analysis.can(user, req, { all: true });
    const notes = [...resolved.notes, ...analysis.hints({ request: req, subject: spec, groups: opts.group ?? [] })];
    // No -n on a namespaced resource: the request is cluster-wide; say where it would be allowed.
    const elsewhere = !decision.allowed && resolved.allNamespaces && req.kind === 'resource' ? allowedElsewhereNote(analysis.namespacesAllowing(user, req)) : undefined;
    if (elsewhere) notes.push(elsewhere);
    io.out(formatCan(user, req, decision, format, notes, displayFor(io, format)));
    writeNotes(io, opts, notes, { inDocument: notesInDocument(format) });
    if (opts.verify) {
      const { verifyWithServer } = await import('../../collect/sar.js');
      const server = await verifyWithServer({ kubeconfig: opts.kubeconfig, context: opts.context, requestTimeoutMs: parseDuration(opts.requestTimeout ?? '30s', '--request-timeout') }, user, req);
      const agree = server.allowed === decision.allowed;
      io.err(`${agree ? 'verified' : 'DISAGREEMENT'}: the API server says ${server.allowed ? 'yes' : 'no'}${server.reason ? ` (${server.reason})` : ''}${server.evaluationError ? `; evaluation error: ${server.evaluationError}` : ''}${agree ? '' : server.allowed ? '; another authorizer (Node, webhook) allows what RBAC does not, or rbac missed a grant' : '; rbac sees a grant the server does not: please report it'}\n`);
    }
    setExit(opts.strict && problems > 0 ? EXIT.STRICT : decision.allowed ? EXIT.OK : EXIT.NO);
  });
}
