import type { Command } from 'commander';
import { allowedElsewhereNote } from '../../engine/where-allowed.js';
import { formatCan } from '../../report/can.js';
import { formatCanWhere } from '../../report/can-where.js';
import { UsageError } from '../../errors.js';
import { parseDuration } from '../source.js';
import { EXIT } from '../exit-codes.js';
import { addIdentityOptions, identityOf, objectSubjectOf, pendingSubject, requestArgs, subjectFound } from '../identity.js';
import { formatNoTokenDecision } from '../../report/workloads.js';
import { addInputOptions, displayFor, loadAnalysis, notesInDocument, writeNotes, type Io, collect } from '../io.js';
import { formatOf } from '../output-format.js';
import { answerObjectWhatCan, answerWhatCan, type WhatCanOptions } from './what-can.js';

interface Options extends WhatCanOptions {
  apiGroup?: string;
  subresource?: string;
  verify?: boolean;
  list?: boolean;
}

export function registerCan(program: Command, io: Io, setExit: (code: number) => void): void {
  const cmd = program
    .command('can')
    .summary('answer yes or no for one identity and request (exit 0 = yes, 1 = no)')
    .description(
      'Answer whether SUBJECT may do VERB on RESOURCE, as the API server would, and say which binding, role and rule allow it. Exit code 0 means yes, 1 means no, like `kubectl auth can-i`. The groups authentication adds (system:authenticated, the service-account groups) are added. With --as USER instead of SUBJECT, the words are VERB RESOURCE [NAME], as for kubectl auth can-i. With -A, say whether the request is allowed cluster-wide and, if not, list the namespaces where it is. With --list, list everything the identity may do (what-can).',
    )
    .usage('[options] [subject] <verb> <resource> [name]')
    .argument('[subject]', 'NAME | user:NAME | group:NAME | sa:NAMESPACE:NAME | sa/NAME or TYPE/NAME with -n, as kubectl names a ServiceAccount or workload (omit with --as)')
    .argument('[verb]', 'the verb, e.g. get, create, impersonate')
    .argument('[resource]', 'resource[.group][/subresource] or /non-resource-url')
    .argument('[name]', 'object name')
    .option('-n, --namespace <ns>', 'the namespace of the request (omit for cluster scope), and of a SUBJECT named as kubectl names the object (deploy/web, sa/deployer)')
    .option('-A, --all-namespaces', 'allowed cluster-wide, or else in which namespaces (exit 0 only when cluster-wide, as kubectl auth can-i -A)')
    .option('--list', 'list what the identity may do, as `rbac what-can` (kubectl auth can-i --list)')
    .option('--group <group>', 'a group the user belongs to; repeatable', collect);
  addIdentityOptions(cmd)
    .option('--api-group <group>', 'API group of RESOURCE ("" for core)')
    .option('--subresource <sub>', 'subresource, e.g. exec, log')
    .option('--verify', 'also ask the live API server (SubjectAccessReview) and report any disagreement: catches webhook and Node authorizers, and our own bugs');
  addInputOptions(cmd, 'can').addHelpText(
    'after',
    `
Examples:
  rbac can jane --group devs get pods/log -n prod -f samples/worlds/teaching.yaml
  rbac can --as jane --as-group devs get pods -A -f samples/worlds/teaching.yaml
  rbac can --as system:serviceaccount:kube-system:replicaset-controller create pods -n default -f samples/kubernetes-bootstrap
  rbac can --list --as jane -n prod -f samples/worlds/teaching.yaml
  rbac can system:anonymous get /healthz -f samples/kubernetes-bootstrap && echo allowed
  rbac can ds/node-exporter create tokenreviews -n monitoring -f samples/addons/kube-prometheus.yaml -f samples/workloads`,
  );
  cmd.action(async (a: string | undefined, b: string | undefined, c: string | undefined, d: string | undefined, opts: Options) => {
    const words = [a, b, c, d].filter((w): w is string => w !== undefined);
    if (opts.list) {
      if (words.length > (opts.as === undefined ? 1 : 0)) throw new UsageError('--list takes the identity alone (SUBJECT or --as USER), no VERB or RESOURCE');
      if (opts.verify || opts.apiGroup !== undefined || opts.subresource !== undefined) throw new UsageError('--verify, --api-group and --subresource are for one request, not --list');
      const obj = objectSubjectOf(words[0], opts);
      if (obj) return answerObjectWhatCan(obj, opts, io, setExit);
      return answerWhatCan(identityOf(words[0], opts), opts, io, setExit);
    }
    const format = formatOf('can', opts.output);
    if (opts.verify && opts.filename?.length) throw new UsageError('--verify asks the live cluster: it cannot be combined with -f');
    if (opts.allNamespaces && opts.namespace !== undefined) throw new UsageError('-A (every namespace) and -n (one namespace) contradict each other: give one');
    const args = requestArgs(words, opts);
    const pending = pendingSubject(args.subject, opts);
    const { analysis, problems } = await loadAnalysis(opts, io);
    const resolved = analysis.resolve({ verb: args.verb, resource: args.resource, name: args.name, namespace: opts.namespace, apiGroup: opts.apiGroup, subresource: opts.subresource });
    const found = subjectFound(analysis, pending, opts.namespace, resolved.notes);
    if ('noToken' in found) {
      if (opts.verify) throw new UsageError(`--verify asks the API server about an identity, and the pods of ${args.subject} carry none`);
      io.out(formatNoTokenDecision(found.noToken, format, found.notes));
      writeNotes(io, opts, found.notes, { inDocument: notesInDocument(format) });
      return setExit(opts.strict && problems > 0 ? EXIT.STRICT : EXIT.NO);
    }
    const { spec, groups, user } = found.identity;
    const req = resolved.request;
    const decision = analysis.can(user, req, { all: true });
    const notes = [...found.notes, ...analysis.hints({ request: req, subject: spec, groups })];
    if (opts.allNamespaces && resolved.allNamespaces && req.kind === 'resource') {
      const where = decision.allowed ? [] : analysis.namespacesAllowing(user, req).map((namespace) => ({ namespace, decision: analysis.can(user, { ...req, namespace }, { all: true }) }));
      io.out(formatCanWhere(user, req, decision, where, format, notes));
    } else {
      // No -n on a namespaced resource: the request is cluster-wide; say where it would be allowed.
      const elsewhere = !decision.allowed && resolved.allNamespaces && req.kind === 'resource' ? allowedElsewhereNote(analysis.namespacesAllowing(user, req)) : undefined;
      if (elsewhere) notes.push(elsewhere);
      io.out(formatCan(user, req, decision, format, notes, displayFor(io, format)));
    }
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
