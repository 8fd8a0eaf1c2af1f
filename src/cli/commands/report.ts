import type { Command } from 'commander';
import { UsageError } from '../../errors.js';
import { EXIT } from '../exit-codes.js';
import { writeWhole } from '../write-whole.js';
import { addInputOptions, loadAnalysis, type InputOptions, type Io, collect } from '../io.js';

interface Options extends InputOptions {
  html?: string;
  title?: string;
  queries?: string[];
  audit?: boolean;
  paths?: boolean;
}

export function registerReport(program: Command, io: Io, setExit: (code: number) => void): void {
  const cmd = program
    .command('report')
    .summary('write one self-contained HTML report: overview, audit findings, paths to cluster-admin, who-can / what-can search and a graph view')
    .description(
      'Write a single HTML file that opens in any browser without network access: counts of objects and subjects, every audit finding (filter, sort, counts by severity), the identities that can reach cluster-admin, who-can and what-can boxes answered in the page by rbac\'s own engine (the same code as the CLI, bundled), and an interactive graph of the neighbourhood of any node (sigma.js, inlined).',
    )
    .requiredOption('--html <file>', 'the HTML file to write, or - for stdout')
    .option('--title <text>', 'what the report is about (default: the inputs, or the cluster context)')
    .option('--queries <dir>', 'also run the checks in this folder (YAML query files); repeatable', collect)
    .option('--no-audit', 'leave out the audit findings')
    .option('--no-paths', 'leave out the paths to cluster-admin (the slowest part on very large inputs)');
  addInputOptions(cmd, undefined).addHelpText(
    'after',
    `
Examples:
  rbac report --html rbac.html -f samples/worlds/teaching.yaml
  rbac report --html prod.html --context prod
  rbac report --html - -f manifests/ > report.html`,
  );
  cmd.action(async (opts: Options) => {
    // Imported when the command runs, so the other commands start without these modules.
    const [{ audit }, { BUILTIN_QUERIES, loadQueries }, { CLUSTER_ADMIN }, { pathsTo }, { buildHtmlReport }] = await Promise.all([import('../../audit/audit.js'), import('../../collect/load-queries.js'), import('../../paths/escalation-graph.js'), import('../../paths/paths.js'), import('../../report/html/index.js')]);
    if (!opts.html) throw new UsageError('--html FILE is required');
    const { analysis, problems } = await loadAnalysis(opts, io);
    // One escalation graph for the paths section and the audit's reach checks.
    const graph = opts.paths === false ? undefined : analysis.escalationGraph;
    const result = opts.audit === false ? undefined : audit(analysis, await loadQueries([BUILTIN_QUERIES, ...(opts.queries ?? [])]), graph ? { escalationGraph: graph } : {});
    const paths = graph ? pathsTo(graph, CLUSTER_ADMIN) : undefined;
    const meta = analysis.snapshot.meta;
    const title = opts.title ?? (meta.context ? `context ${meta.context}` : meta.cluster ?? meta.inputs?.join(', ') ?? (opts.filename ?? []).join(', '));
    const html = buildHtmlReport(analysis, { title: title || 'RBAC', ...(result ? { audit: result } : {}), ...(paths ? { paths } : {}) });
    if (opts.html === '-') io.out(html);
    else await writeWhole(opts.html, html);
    if (!opts.quiet && opts.html !== '-') io.err(`report: ${(Buffer.byteLength(html) / 1024).toFixed(0)} KiB -> ${opts.html}\n`);
    if (opts.strict && problems > 0) setExit(EXIT.STRICT);
  });
}

