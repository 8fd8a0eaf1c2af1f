import type { Command } from 'commander';
import { parseSubjectSpec, userInfoFor } from '../../engine/subject-spec.js';
import { formatExplain } from '../../report/explain.js';
import { EXIT } from '../exit-codes.js';
import { addInputOptions, displayFor, loadAnalysis, notesInDocument, writeNotes, type InputOptions, type Io, collect } from '../io.js';
import { formatOf } from '../output-format.js';

interface Options extends InputOptions {
  namespace?: string;
  group?: string[];
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
    .argument('<subject>', 'user:NAME | group:NAME | sa:NAMESPACE:NAME')
    .argument('<verb>', 'the verb')
    .argument('<resource>', 'resource[.group][/subresource] or /non-resource-url')
    .argument('[name]', 'object name')
    .option('-n, --namespace <ns>', 'the namespace of the request')
    .option('--group <group>', 'a group the user belongs to; repeatable', collect)
    .option('--api-group <group>', 'API group of RESOURCE ("" for core)')
    .option('--subresource <sub>', 'subresource');
  addInputOptions(cmd, 'explain').addHelpText(
    'after',
    `
Examples:
  rbac explain user:jane --group devs get pods/log -n prod -f samples/worlds/teaching.yaml
  rbac explain user:jane --group devs list secrets -n prod -f samples/worlds/teaching.yaml
  rbac explain sa:prod:deployer list nodes -f samples/worlds/teaching.yaml`,
  );
  cmd.action(async (subject: string, verb: string, resource: string, name: string | undefined, opts: Options) => {
    const format = formatOf('explain', opts.output);
    const spec = parseSubjectSpec(subject);
    const user = userInfoFor(spec, opts.group ?? []);
    const { analysis, problems } = await loadAnalysis(opts, io);
    const resolved = analysis.resolve({ verb, resource, name, namespace: opts.namespace, apiGroup: opts.apiGroup, subresource: opts.subresource });
    const e = analysis.explain(user, resolved.request);
    const notes = [...resolved.notes, ...analysis.hints({ request: resolved.request, subject: spec, groups: opts.group ?? [] })];
    io.out(formatExplain(user, resolved.request, e, format, notes, displayFor(io, format)));
    writeNotes(io, opts, notes, { inDocument: notesInDocument(format) });
    setExit(opts.strict && problems > 0 ? EXIT.STRICT : e.allowed ? EXIT.OK : EXIT.NO);
  });
}
