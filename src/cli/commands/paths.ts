import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { parseSubjectSpec } from '../../engine/subject-spec.js';
import { InputError, UsageError } from '../../errors.js';
import { keyOfSubject } from '../../model/keys.js';
import { newPaths, readBaseline } from '../../paths/baseline.js';
import { addTargetNode } from '../../paths/escalation-graph.js';
import { pathsFrom, pathsTo, type EscalationPath } from '../../paths/paths.js';
import { formatPaths } from '../../report/paths.js';
import { EXIT } from '../exit-codes.js';
import { addInputOptions, displayFor, loadAnalysis, notesInDocument, writeNotes, type InputOptions, type Io, collect } from '../io.js';
import { formatOf } from '../output-format.js';

interface Options extends InputOptions {
  to?: string;
  maxHops?: string;
  group?: string[];
  baseline?: string;
}

export function registerPaths(program: Command, io: Io, setExit: (code: number) => void): void {
  const cmd = program
    .command('paths')
    .summary('find privilege-escalation paths: what SUBJECT can become, or who can reach TARGET')
    .description(
      'Walk the escalation graph: creating pods or workloads in a namespace means acting as its ServiceAccounts; serviceaccounts/token, impersonation, exec and nodes/proxy likewise; bind leads to the roles it names (or every role) in the namespaces where bindings can be created; escalate with update or patch on a role bound to the subject to anything that role\'s scope can grant; CSR approval to any identity but system:masters; reading secrets to the ServiceAccount of a legacy token Secret in the input, and otherwise only conditionally ("if a legacy ServiceAccount token Secret exists", CERTAIN no). resourceNames narrow every edge, in every namespace for a cluster-wide grant. With SUBJECT, list what it can reach (or only --to TARGET) and the cheapest path to each; with --to alone, list every identity that can reach TARGET. Certain paths come first, then fewest hops. TARGET is an identity (user:NAME, group:NAME, sa:NS:NAME) or a grant (clusterrole:NAME cluster-wide, clusterrole:NAME@NS, role:NS/NAME, role:NS/* for anything a Role of NS can hold). With --baseline FILE (a previous `rbac paths -o json` output), only paths not in FILE are listed. Exit 1 when a path is listed and --to or --baseline is given (for CI), 0 otherwise.',
    )
    .argument('[subject]', 'user:NAME | group:NAME | sa:NAMESPACE:NAME')
    .option('--to <target>', 'only paths to this identity or grant, e.g. clusterrole:cluster-admin')
    .option('--max-hops <n>', 'longest path to report, in escalation steps', '6')
    .option('--group <group>', 'a group SUBJECT belongs to; repeatable', collect)
    .option('--baseline <file>', 'a previous `rbac paths -o json` output: list (and fail on) only the paths it does not hold');
  addInputOptions(cmd, 'paths').addHelpText(
    'after',
    `
Examples:
  rbac paths --to clusterrole:cluster-admin -f samples/kubernetes-bootstrap
  rbac paths sa:kube-system:replicaset-controller -f samples/kubernetes-bootstrap --max-hops 2
  rbac paths user:jane --group devs --to sa:dev:ci -f samples/worlds/teaching.yaml
  rbac paths --to clusterrole:cluster-admin -f manifests/ -o json > known.json   # once
  rbac paths --to clusterrole:cluster-admin -f manifests/ --baseline known.json  # CI: exit 1 on a new path`,
  );
  cmd.action(async (subject: string | undefined, opts: Options) => {
    const format = formatOf('paths', opts.output);
    const maxHops = Number(opts.maxHops ?? '6');
    if (!Number.isInteger(maxHops) || maxHops < 0) throw new UsageError(`--max-hops ${opts.maxHops}: expected a whole number`);
    if (!subject && !opts.to) throw new UsageError('name a SUBJECT, --to TARGET, or both');
    const baseline = opts.baseline === undefined ? undefined : readBaseline(await readText(opts.baseline), opts.baseline);
    const { analysis, problems } = await loadAnalysis(opts, io);
    const g = analysis.escalationGraph;
    if (opts.to) addTargetNode(g, opts.to);
    let paths: EscalationPath[];
    let title: string;
    let notes: string[] = [];
    if (subject) {
      const spec = parseSubjectSpec(subject);
      notes = analysis.hints({ subject: spec, groups: opts.group ?? [] });
      const source = keyOfSubject({ kind: spec.kind, name: spec.name, ...(spec.namespace ? { namespace: spec.namespace } : {}) });
      if (!g.hasNode(source)) g.addNode(source, { kind: 'identity', label: source });
      for (const grp of [...(opts.group ?? []), ...(spec.kind === 'Group' ? [] : ['system:authenticated'])]) {
        const gk = `group:${grp}`;
        if (!g.hasNode(gk)) g.addNode(gk, { kind: 'identity', label: gk });
        if (!g.hasEdge(source, gk)) g.addEdge(source, gk, { kind: 'member-of', via: 'given group' });
      }
      paths = pathsFrom(g, source, { maxHops, ...(opts.to ? { to: [opts.to] } : {}) }).filter((p) => opts.to || p.hops > 0 || g.getNodeAttribute(p.target, 'kind') === 'grant');
      title = opts.to ? `Paths from ${source} to ${opts.to}` : `What ${source} can reach`;
    } else {
      paths = pathsTo(g, opts.to!, { maxHops });
      title = `Who can reach ${opts.to}`;
    }
    const target = opts.to && /^(user|u|group|g|sa|serviceaccount|system:serviceaccount):/i.test(opts.to) ? parseSubjectSpec(opts.to) : undefined;
    if (target) notes.push(...analysis.hints({ subject: target }));
    const listed = baseline ? newPaths(paths, baseline) : paths;
    io.out(formatPaths({ title, paths: listed, notes, ...(baseline ? { baseline: { file: opts.baseline!, known: paths.length - listed.length } } : {}) }, format, displayFor(io, format)));
    writeNotes(io, opts, notes, { inDocument: notesInDocument(format) });
    setExit((opts.to || baseline) && listed.length > 0 ? EXIT.NO : opts.strict && problems > 0 ? EXIT.STRICT : EXIT.OK);
  });
}

async function readText(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (err) {
    throw new InputError(`--baseline ${file}: cannot read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
}
