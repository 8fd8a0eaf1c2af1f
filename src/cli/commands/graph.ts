import type { Command } from 'commander';
import { UsageError } from '../../errors.js';
import { describeRequest } from '../../model/request.js';
import { formatOf } from '../output-format.js';
import { EXIT } from '../exit-codes.js';
import { addInputOptions, loadAnalysis, writeNotes, type InputOptions, type Io, collect } from '../io.js';

interface Options extends InputOptions {
  focus?: string[];
  whoCan?: string;
  depth?: string;
  legend?: boolean;
  namespace?: string;
}

export function registerGraph(program: Command, io: Io, setExit: (code: number) => void): void {
  const cmd = program
    .command('graph')
    .summary('export the RBAC graph (or the part around a subject, role, namespace or who-can answer) as DOT, Mermaid, GraphML, GEXF or JSON')
    .description(
      'Write the RBAC graph: subjects -> bindings -> roles -> rules, with aggregation edges and the scope of each grant. With --focus, only what lies on a path through the focus: for a subject, its bindings, roles and rules; for a role, who is bound to it and its rules; for namespace:NS, the same around every ServiceAccount, RoleBinding and Role of NS. With --who-can, only the granting paths of that answer. Workloads in the input are nodes linked to the ServiceAccount whose token their pods carry (none when no token is mounted), in every view. Formats: dot (Graphviz, the default), mermaid (renders in GitHub markdown), graphml (yEd, Cytoscape, Gephi), gexf (Gephi) and json (graphology\'s serialisation).',
    )
    .option('--focus <node>', 'user:NAME, group:NAME, sa:NS:NAME, clusterrole:NAME, role:NS/NAME, rolebinding:NS/NAME, clusterrolebinding:NAME, namespace:NS or a workload as kubectl names it (deploy/NAME, ds/NAME, ...); repeatable', collect)
    .option('-n, --namespace <ns>', 'the namespace of a workload --focus (deploy/NAME), as kubectl -n (default: that workload in every namespace)')
    .option('--who-can <request>', 'only the granting paths of a who-can answer, e.g. "delete secrets -n prod" or "create pods/exec -A"')
    .option('--depth <n>', 'with --focus: at most this many hops forward and backward from the focus (default: every path)')
    .option('--no-legend', 'dot: leave out the legend cluster');
  addInputOptions(cmd, 'graph').addHelpText(
    'after',
    `
Examples:
  rbac graph --focus sa:prod:deployer -f samples/worlds/teaching.yaml | dot -Tsvg > deployer.svg
  rbac graph --focus clusterrole:admin -o mermaid -f samples/worlds/teaching.yaml
  rbac graph --who-can "delete secrets -n prod" -f samples/worlds/teaching.yaml -o mermaid
  rbac graph --focus deploy/web -n prod -o mermaid -f manifests/
  rbac graph --focus namespace:prod --depth 2 -o graphml -f manifests/ > prod.graphml
  rbac graph -o gexf -f samples/kubernetes-bootstrap > bootstrap.gexf`,
  );
  cmd.action(async (opts: Options) => {
    const format = formatOf('graph', opts.output);
    // Imported when the command runs, so the other commands start without these modules.
    const [{ focusSeeds, grantNodes, neighbourhood, subgraph, workloadSpec }, { buildGraphLists }, { exportGraphChunks }, { parseRequestText }] = await Promise.all([import('../../graph/focus.js'), import('../../graph/lists.js'), import('../../report/graph-export.js'), import('../../engine/query-text.js')]);
    if (opts.focus?.length && opts.whoCan) throw new UsageError('--focus and --who-can each choose the part of the graph to export; give one of them');
    const depth = opts.depth === undefined ? Infinity : Number(opts.depth);
    if (!(depth === Infinity || (Number.isInteger(depth) && depth >= 0))) throw new UsageError(`--depth ${opts.depth}: expected a whole number`);
    if (opts.depth !== undefined && !opts.focus?.length) throw new UsageError('--depth applies to --focus');
    if (opts.namespace !== undefined && !opts.focus?.some((f) => workloadSpec(f)))
      throw new UsageError(`-n ${opts.namespace} names the namespace of a workload --focus (deploy/NAME -n ${opts.namespace}); for everything of the namespace use --focus namespace:${opts.namespace}${opts.whoCan ? `, and for a who-can answer in it put -n inside: --who-can "${opts.whoCan} -n ${opts.namespace}"` : ''}`);
    const { analysis, problems } = await loadAnalysis(opts, io);
    let part: Parameters<typeof exportGraphChunks>[0] | undefined;
    let title = 'RBAC graph';
    if (opts.focus?.length) {
      const g = analysis.graph;
      const seeds = opts.focus.flatMap((f) => focusSeeds(g, f, opts.namespace !== undefined ? { namespace: opts.namespace } : {}));
      part = subgraph(g, neighbourhood(g, seeds, depth).nodes);
      title = `RBAC graph around ${opts.focus.join(', ')}${opts.namespace !== undefined ? ` -n ${opts.namespace}` : ''}${opts.depth !== undefined ? ` (depth ${depth})` : ''}`;
    } else if (opts.whoCan) {
      let spec;
      try {
        spec = parseRequestText(opts.whoCan);
      } catch (err) {
        throw new UsageError(`--who-can "${opts.whoCan}": ${(err as Error).message}`);
      }
      const resolved = analysis.resolve(spec);
      const result = analysis.whoCan(resolved.request, { allNamespaces: resolved.allNamespaces });
      const g = analysis.graph;
      part = subgraph(g, grantNodes(g, result.grants));
      title = `Who can ${describeRequest(resolved.request)}${resolved.allNamespaces ? ' (any namespace)' : ''} (and group system:masters)`;
      writeNotes(io, opts, [...resolved.notes, ...analysis.hints({ request: resolved.request })]);
    }
    // The whole graph: as plain lists, never the graphology graph (build.ts fills either the same way).
    for (const chunk of exportGraphChunks(part ?? buildGraphLists(analysis.policy), format, { title, legend: opts.legend !== false })) await io.write(chunk);
    if (opts.strict && problems > 0) setExit(EXIT.STRICT);
  });
}
