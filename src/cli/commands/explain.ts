import type { Command } from 'commander';
import { formatExplain } from '../../report/explain.js';
import { EXIT } from '../exit-codes.js';
import { addIdentityOptions, pendingSubject, requestArgs, subjectFound, type IdentityOptions } from '../identity.js';
import { formatNoTokenDecision } from '../../report/workloads.js';
import { addInputOptions, displayFor, loadAnalysis, notesInDocument, writeNotes, type InputOptions, type Io, collect } from '../io.js';
import { formatOf } from '../output-format.js';

interface Options extends InputOptions, IdentityOptions {
  namespace?: string;
  apiGroup?: string;
  subresource?: string;
}

export function registerExplain(program: Command, io: Io, setExit: (code: number) => void): void {
  const cmd = program
    .command('explain')
    .summary('show every path that grants a request, or what comes closest when none does')
    .description(
      'Explain an answer: every path subject (or one of its groups) -> binding -> role (-> the ClusterRole an aggregated role took the rule from) -> rule that allows the request, with the file and document each binding came from. When nothing allows it, list the closest misses: the rule exists through a RoleBinding in another namespace, the binding\'s role is missing, the rule is limited to other resourceNames, the verb, group or subresource differs, or a subject almost names the identity. Exit 0 when allowed, 1 when not.',
    )
    .usage('[options] [subject] <verb> <resource> [name]')
    .argument('[subject]', 'NAME | user:NAME | group:NAME | sa:NAMESPACE:NAME | sa/NAME or TYPE/NAME with -n, as kubectl names a ServiceAccount or workload (omit with --as)')
    .argument('[verb]', 'the verb')
    .argument('[resource]', 'resource[.group][/subresource] or /non-resource-url')
    .argument('[name]', 'object name')
    .option('-n, --namespace <ns>', 'the namespace of the request, and of a SUBJECT named as kubectl names the object (deploy/web, sa/deployer)')
    .option('--group <group>', 'a group the user belongs to; repeatable', collect);
  addIdentityOptions(cmd)
    .option('--api-group <group>', 'API group of RESOURCE ("" for core)')
    .option('--subresource <sub>', 'subresource');
  addInputOptions(cmd, 'explain').addHelpText(
    'after',
    `
Examples:
  rbac explain jane --group devs get pods/log -n prod -f samples/worlds/teaching.yaml
  rbac explain --as jane --as-group devs list secrets -n prod -f samples/worlds/teaching.yaml
  rbac explain sa:prod:deployer list nodes -f samples/worlds/teaching.yaml`,
  );
  cmd.action(async (a: string | undefined, b: string | undefined, c: string | undefined, d: string | undefined, opts: Options) => {
    const format = formatOf('explain', opts.output);
    const { subject, verb, resource, name } = requestArgs([a, b, c, d], opts);
    const pending = pendingSubject(subject, opts);
    const { analysis, problems } = await loadAnalysis(opts, io);
    const resolved = analysis.resolve({ verb, resource, name, namespace: opts.namespace, apiGroup: opts.apiGroup, subresource: opts.subresource });
    const found = subjectFound(analysis, pending, opts.namespace, resolved.notes);
    if ('noToken' in found) {
      io.out(formatNoTokenDecision(found.noToken, format, found.notes));
      writeNotes(io, opts, found.notes, { inDocument: notesInDocument(format) });
      return setExit(opts.strict && problems > 0 ? EXIT.STRICT : EXIT.NO);
    }
    const { spec, groups, user } = found.identity;
    const e = analysis.explain(user, resolved.request);
    const notes = [...found.notes, ...analysis.hints({ request: resolved.request, subject: spec, groups })];
    io.out(formatExplain(user, resolved.request, e, format, notes, displayFor(io, format)));
    writeNotes(io, opts, notes, { inDocument: notesInDocument(format) });
    setExit(opts.strict && problems > 0 ? EXIT.STRICT : e.allowed ? EXIT.OK : EXIT.NO);
  });
}
