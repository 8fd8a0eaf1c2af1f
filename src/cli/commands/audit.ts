import type { Command } from 'commander';
import { audit, reachesThreshold } from '../../audit/audit.js';
import { runExamples } from '../../audit/examples.js';
import { SEVERITIES, type QuerySeverity } from '../../audit/query-definition.js';
import { compareWithBaseline } from '../../audit/baseline.js';
import { loadBaseline } from '../../collect/load-baseline.js';
import { BUILTIN_QUERIES, loadExclusions, loadQueries } from '../../collect/load-queries.js';
import { SARIF_MAX_RESULTS } from '../../report/sarif.js';
import { sourceLineLookup } from '../../collect/source-lines.js';
import { UsageError } from '../../errors.js';
import { formatAuditChunks } from '../../report/audit.js';
import { EXIT } from '../exit-codes.js';
import { addInputOptions, displayFor, failClosedOnErrors, loadAnalysis, type InputOptions, type Io, collect } from '../io.js';
import { formatOf } from '../output-format.js';

interface Options extends InputOptions {
  query?: string[];
  queries?: string[];
  failOn?: string;
  exclusions?: string;
  showExcluded?: boolean;
  includeDefaults?: boolean;
  expand?: boolean;
  listChecks?: boolean;
  baseline?: string;
}

export function registerAudit(program: Command, io: Io, setExit: (code: number) => void): void {
  const cmd = program
    .command('audit')
    .summary('find who holds risky permissions (checks in queries/), for reviews and CI')
    .description(
      'Run the risky-permission checks (secrets readers, workload creators, exec, nodes/proxy, escalate, bind, impersonate, CSR approval, webhooks, wildcards, anonymous access, ...) and hygiene checks (bindings to missing roles, rules that never take effect, ...). One finding per check, subject and scope, with the binding and role that grant it. Rules limited by resourceNames are reported as restricted, with the names. Checks are YAML files: see docs/queries.md.',
    )
    .option('--query <id>', 'run only this check; repeatable', collect)
    .option('--queries <dir>', 'add the checks in DIR to the shipped ones; repeatable', collect)
    .option('--fail-on <severity>', `exit 1 when a finding of this severity or worse is not excluded (${SEVERITIES.join(', ')})`)
    .option('--exclusions <file>', 'YAML list of exclusions (subjects, namespaces, roles, bindings, checks), each with a reason')
    .option('--show-excluded', 'list excluded findings too (they are always counted)')
    .option('--include-defaults', 'also list findings that rest only on the Kubernetes default policy (always counted)')
    .option('--baseline <file>', 'a previous rbac audit -o json output: list and fail only on findings that are new or hold more since then (SARIF: every result with its baselineState)')
    .option('--expand', 'list every finding of a subject that holds cluster-admin-equivalent rights (by default they fold under that one finding)')
    .option('--list-checks', 'list the checks and exit');
  addInputOptions(cmd, 'audit').addHelpText(
    'after',
    `
Examples:
  rbac audit -f samples/kubernetes-bootstrap
  rbac audit -f manifests/ --fail-on high          # CI gate: exit 1 on high or critical
  rbac audit -f manifests/ -o sarif > rbac.sarif    # code-scanning upload, findings on manifest lines
  rbac audit -f manifests/ -o json > known.json && rbac audit -f manifests/ --baseline known.json --fail-on high
  rbac audit -f samples/addons/argo-cd.yaml --query secrets-read -o csv
  rbac audit --list-checks`,
  );
  cmd.action(async (opts: Options) => {
    const format = formatOf('audit', opts.output);
    if (opts.failOn && !(SEVERITIES as readonly string[]).includes(opts.failOn)) throw new UsageError(`--fail-on ${opts.failOn}: expected one of ${SEVERITIES.join(', ')}`);
    let queries = await loadQueries([BUILTIN_QUERIES, ...(opts.queries ?? [])]);
    if (opts.listChecks) {
      io.out(queries.map((q) => `${q.severity.padEnd(8)} ${q.id.padEnd(34)} ${q.title}`).join('\n') + '\n');
      return;
    }
    if (opts.query?.length) {
      const unknown = opts.query.filter((id) => !queries.some((q) => q.id === id));
      if (unknown.length) throw new UsageError(`--query ${unknown.join(', ')}: no such check (rbac audit --list-checks lists them)`);
      queries = queries.filter((q) => opts.query!.includes(q.id));
    }
    for (const q of queries.filter((q) => opts.queries?.some((d) => q.file?.startsWith(d)))) {
      const bad = runExamples(q).filter((o) => !o.ok);
      if (bad.length) io.err(`warning: check ${q.id} (${q.file}): ${bad.map((b) => `${b.kind} example #${b.index}: ${b.message}`).join('; ')}\n`);
    }
    const exclusions = opts.exclusions ? await loadExclusions(opts.exclusions) : [];
    const { analysis, problems } = await loadAnalysis(opts, io);
    const result = audit(analysis, queries, { exclusions, includeDefaults: opts.includeDefaults === true, expand: opts.expand === true });
    if (opts.baseline) result.baseline = compareWithBaseline(result.findings, await loadBaseline(opts.baseline), opts.baseline);
    const input = opts.filename?.find((f) => f !== '-');
    const chunks = formatAuditChunks(result, format, { showExcluded: opts.showExcluded, queries, ...(format === 'sarif' ? { lines: sourceLineLookup(), ...(input ? { fallbackUri: input } : {}) } : {}) }, displayFor(io, format));
    for (const chunk of chunks) await io.write(chunk);
    const shown = result.findings.filter((f) => (opts.showExcluded || !f.excluded) && !f.foldedInto).length;
    if (format === 'sarif' && shown > SARIF_MAX_RESULTS) io.err(`warning: ${shown} findings; SARIF keeps the ${SARIF_MAX_RESULTS} most severe (GitHub code scanning rejects more per run)\n`);
    if (opts.failOn && (reachesThreshold(result.findings, opts.failOn as QuerySeverity) || failClosedOnErrors([analysis], io))) setExit(EXIT.NO);
    else if (opts.strict && problems > 0) setExit(EXIT.STRICT);
  });
}
