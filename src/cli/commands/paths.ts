import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { parseObjectSubject } from '../../engine/object-subject.js';
import { parseIdentity } from '../../engine/subject-spec.js';
import { InputError, UsageError } from '../../errors.js';
import { keyOfSubject } from '../../model/keys.js';
import { newPaths, readBaseline } from '../../paths/baseline.js';
import { addTargetNode } from '../../paths/escalation-graph.js';
import { pathsFrom, pathsTo, type EscalationPath } from '../../paths/paths.js';
import { formatPaths } from '../../report/paths.js';
import { requireWorkload } from '../../engine/workloads.js';
import { workloadKey, workloadLabel } from '../../model/workload.js';
import { rbacOnly } from '../../paths/workload-edges.js';
import { EXIT } from '../exit-codes.js';
import { addIdentityOptions, identityOf, identityOfObject, objectSubjectOf, type IdentityOptions } from '../identity.js';
import { addInputOptions, displayFor, loadAnalysis, notesInDocument, writeNotes, type InputOptions, type Io, collect } from '../io.js';
import { formatOf } from '../output-format.js';

interface Options extends InputOptions, IdentityOptions {
  to?: string;
  maxHops?: string;
  baseline?: string;
  rbacOnly?: boolean;
  namespace?: string;
}

export function registerPaths(program: Command, io: Io, setExit: (code: number) => void): void {
  const cmd = program
    .command('paths')
    .summary('find privilege-escalation paths: what SUBJECT can become, or who can reach TARGET')
    .description(
      'Walk the escalation graph: creating pods or workloads in a namespace means acting as its ServiceAccounts; serviceaccounts/token, impersonation, exec and nodes/proxy likewise; bind leads to the roles it names (or every role) in the namespaces where bindings can be created; escalate with update or patch on a role bound to the subject to anything that role\'s scope can grant; CSR approval to any identity but system:masters; reading secrets to the ServiceAccount of a legacy token Secret in the input, and otherwise only conditionally ("if a legacy ServiceAccount token Secret exists", CERTAIN no). resourceNames narrow every edge, in every namespace for a cluster-wide grant. With SUBJECT, list what it can reach (or only --to TARGET) and the cheapest path to each; with --to alone, list every identity that can reach TARGET. Certain paths come first, then fewest hops. SUBJECT (or --as USER) and an identity TARGET are written as for what-can. TARGET is an identity (NAME, user:NAME, group:NAME, sa:NS:NAME) or a grant (clusterrole:NAME cluster-wide, clusterrole:NAME@NS, role:NS/NAME, role:NS/* for anything a Role of NS can hold). With --baseline FILE (a previous `rbac paths -o json` output), only paths not in FILE are listed. Exit 1 when a path is listed and --to or --baseline is given (for CI), 0 otherwise.',
    )
    .argument('[subject]', 'NAME | user:NAME | group:NAME | sa:NAMESPACE:NAME | sa/NAME with -n (or --as) | TYPE/NAME (a workload: what a compromised pod of it reaches)')
    .option('--to <target>', 'only paths to this identity or grant, e.g. clusterrole:cluster-admin')
    .option('--max-hops <n>', 'longest path to report, in escalation steps', '6')
    .option('--group <group>', 'a group SUBJECT belongs to; repeatable', collect)
    .option('--rbac-only', 'leave out steps that are not RBAC permissions (a container escape from a pod that reaches its node)')
    .option('-n, --namespace <ns>', 'the namespace of a workload SUBJECT (TYPE/NAME); default "default"');
  addIdentityOptions(cmd).option('--baseline <file>', 'a previous `rbac paths -o json` output: list (and fail on) only the paths it does not hold');
  addInputOptions(cmd, 'paths').addHelpText(
    'after',
    `
Examples:
  rbac paths --to clusterrole:cluster-admin -f samples/kubernetes-bootstrap
  rbac paths sa:kube-system:replicaset-controller -f samples/kubernetes-bootstrap --max-hops 2
  rbac paths user:jane --group devs --to sa:dev:ci -f samples/worlds/teaching.yaml
  rbac paths ds/node-exporter -n monitoring -f samples/addons/kube-prometheus.yaml -f samples/workloads
  rbac paths --to clusterrole:cluster-admin -f manifests/ -o json > known.json   # once
  rbac paths --to clusterrole:cluster-admin -f manifests/ --baseline known.json  # CI: exit 1 on a new path`,
  );
  cmd.action(async (subjectArg: string | undefined, opts: Options) => {
    const format = formatOf('paths', opts.output);
    const maxHops = Number(opts.maxHops ?? '6');
    if (!Number.isInteger(maxHops) || maxHops < 0) throw new UsageError(`--max-hops ${opts.maxHops}: expected a whole number`);
    if (!subjectArg && opts.as === undefined && !opts.to) throw new UsageError('name a SUBJECT (or --as USER), --to TARGET, or both');
    const obj = objectSubjectOf(subjectArg, opts);
    const workload = obj?.type === 'workload' ? obj : undefined;
    let id = !obj && (subjectArg || opts.as !== undefined) ? identityOf(subjectArg, opts) : undefined;
    const to = opts.to === undefined ? undefined : targetKey(opts.to);
    const baseline = opts.baseline === undefined ? undefined : readBaseline(await readText(opts.baseline), opts.baseline);
    const { analysis, problems } = await loadAnalysis(opts, io);
    if (to) addTargetNode(analysis.escalationGraph, to);
    const g = opts.rbacOnly ? rbacOnly(analysis.escalationGraph) : analysis.escalationGraph;
    let paths: EscalationPath[];
    let title: string;
    let notes: string[] = [];
    const reading: string[] = [];
    if (obj?.type === 'serviceaccount') {
      const o = identityOfObject(analysis, obj, opts.namespace);
      if ('identity' in o) id = o.identity;
      reading.push(o.reading);
    }
    if (workload) {
      const w = requireWorkload(analysis.snapshot, workload.kind, opts.namespace ?? 'default', workload.name);
      const source = workloadKey(w.workload);
      paths = pathsFrom(g, source, { maxHops, ...(to ? { to: [to] } : {}) }).filter((p) => to || g.getNodeAttribute(p.target, 'kind') !== 'node');
      title = to ? `Paths from ${source} to ${to}` : `What a compromised pod of ${workloadLabel(w.workload)} can reach`;
    } else if (id) {
      const { spec, groups } = id;
      notes = [...reading, ...analysis.hints({ subject: spec, groups })];
      const source = keyOfSubject({ kind: spec.kind, name: spec.name, ...(spec.namespace ? { namespace: spec.namespace } : {}) });
      if (!g.hasNode(source)) g.addNode(source, { kind: 'identity', label: source });
      // The groups authentication adds (system:anonymous is not in system:authenticated; a
      // ServiceAccount no binding names is still in its two groups), as for what-can.
      for (const grp of spec.kind === 'Group' ? groups : id.user.groups) {
        const gk = `group:${grp}`;
        if (!g.hasNode(gk)) g.addNode(gk, { kind: 'identity', label: gk });
        if (!g.hasEdge(source, gk)) g.addEdge(source, gk, { kind: 'member-of', via: 'given group' });
      }
      paths = pathsFrom(g, source, { maxHops, ...(to ? { to: [to] } : {}) }).filter((p) => to || p.hops > 0 || g.getNodeAttribute(p.target, 'kind') === 'grant');
      title = to ? `Paths from ${source} to ${to}` : `What ${source} can reach`;
    } else {
      paths = pathsTo(g, to!, { maxHops });
      title = `Who can reach ${to}`;
    }
    const target = to && !GRANT_TARGET.test(to) ? parseIdentity(opts.to!) : undefined;
    if (target) notes.push(...analysis.hints({ subject: target }));
    const listed = baseline ? newPaths(paths, baseline) : paths;
    io.out(formatPaths({ title, paths: listed, notes, ...(baseline ? { baseline: { file: opts.baseline!, known: paths.length - listed.length } } : {}) }, format, displayFor(io, format)));
    writeNotes(io, opts, notes, { inDocument: notesInDocument(format) });
    setExit((opts.to || baseline) && listed.length > 0 ? EXIT.NO : opts.strict && problems > 0 ? EXIT.STRICT : EXIT.OK);
  });
}

const GRANT_TARGET = /^(clusterrole|role):/;

/** A grant target is a graph key as written; an identity target is read as SUBJECT is (jane -> user:jane). */
function targetKey(to: string): string {
  if (GRANT_TARGET.test(to)) return to;
  // A ServiceAccount or workload as kubectl names it would read as a user no path reaches.
  const obj = parseObjectSubject(to);
  if (obj) throw new UsageError(`--to ${to}: name ${obj.type === 'workload' ? "the workload's ServiceAccount (the token its pods carry)" : 'the ServiceAccount'} as sa:NAMESPACE:NAME (-n is the namespace of SUBJECT, not of --to)`);
  const s = parseIdentity(to);
  return keyOfSubject({ kind: s.kind, name: s.name, ...(s.namespace ? { namespace: s.namespace } : {}) });
}

async function readText(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (err) {
    throw new InputError(`--baseline ${file}: cannot read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
}
