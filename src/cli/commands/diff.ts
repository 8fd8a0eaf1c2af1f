import type { Command } from 'commander';
import { BUILTIN_QUERIES, loadQueries } from '../../collect/load-queries.js';
import { loadGitRevision, resolveRange } from '../../collect/git.js';
import { loadFiles } from '../../collect/files.js';
import { diffAnalyses } from '../../diff/diff.js';
import { markRisks } from '../../diff/risk.js';
import { diffWorkloads } from '../../diff/workloads.js';
import { analyze } from '../../engine/analyze.js';
import type { AnalyzeOptions } from '../../engine/policy.js';
import { UsageError } from '../../errors.js';
import type { Snapshot } from '../../model/snapshot.js';
import { formatDiff, type DiffFormat } from '../../report/diff.js';
import { EXIT } from '../exit-codes.js';
import { failClosedOnErrors, reportDiagnostics, type InputOptions, type Io } from '../io.js';
import { addDefaultPolicyOptions, applyDefaultPolicy } from '../source.js';
import { kubernetesVersionFor } from '../../defaults/versions.js';
import { SEVERITY_RANK } from '../../audit/finding.js';
import { SEVERITIES, type QuerySeverity } from '../../audit/query-definition.js';

interface Options extends InputOptions {
  git?: string;
  failOn?: string;
  risk?: boolean;
}

export function registerDiff(program: Command, io: Io, setExit: (code: number) => void, loadSide?: (path: string, opts: Options) => Promise<Snapshot>): void {
  const cmd = program
    .command('diff')
    .summary('who gains or loses which permission between two states (for pull requests)')
    .description(
      'Compare the effective permissions of two states: per subject, the permissions gained and lost (verb, resource, scope), with the binding and role on the side where each holds and the reason (new binding, changed rules, new aggregation label, removed subject, ...). A permission counts as gained only if nothing the subject held before covers it, so renames and reshuffles give an empty diff. Gains that an audit check flags are marked with its id and severity. Each side is a file, a folder, - (stdin) or a snapshot; with --git, two revisions of this repository.',
    )
    .argument('[base]', 'the state before: file, folder, snapshot or - (omit with --git)')
    .argument('[head]', 'the state after (with --git: paths to limit the comparison to)')
    .argument('[paths...]', 'with --git: more paths to limit the comparison to')
    .option('--git <range>', 'compare two revisions: A...B (merge base of A and B vs B), A..B, or A (vs HEAD)')
    .option('--fail-on <level>', `exit 1 on a gain of this severity or worse (${SEVERITIES.join(', ')}), or on any-gain / any-change`)
    .option('--no-risk', 'do not run the audit checks on gains')
    .option('--default-namespace <ns>', 'namespace for namespaced objects that name none', 'default')
    .option('--aggregation <mode>', 'rules of aggregated ClusterRoles: compute or stored')
    .option('-o, --output <format>', 'table, markdown (for a pull-request comment) or json', 'table')
    .option('-v, --verbose', 'print every diagnostic')
    .option('-q, --quiet', 'print no diagnostics');
  addDefaultPolicyOptions(cmd)
    .addHelpText(
      'after',
      `
Examples:
  rbac diff old/ new/
  rbac diff --git main...HEAD deploy/rbac -o markdown > comment.md
  helm template my-chart | rbac diff base.yaml -
  rbac diff samples/addons/external-secrets.yaml rendered.yaml --fail-on high`,
    );
  cmd.action(async (baseArg: string | undefined, headArg: string | undefined, rest: string[], opts: Options) => {
    const format = (opts.output ?? 'table') as DiffFormat;
    if (!['table', 'markdown', 'json'].includes(format)) throw new UsageError(`-o ${format}: expected table, markdown or json`);
    const failOn = opts.failOn;
    if (failOn && !['any-gain', 'any-change', ...SEVERITIES].includes(failOn)) throw new UsageError(`--fail-on ${failOn}: expected any-gain, any-change or one of ${SEVERITIES.join(', ')}`);
    const assemble = { defaultNamespace: opts.defaultNamespace };
    let base: Snapshot;
    let head: Snapshot;
    if (opts.git) {
      const paths = [baseArg, headArg, ...rest].filter((p): p is string => !!p);
      const range = await resolveRange(opts.git);
      [base, head] = [await loadGitRevision(range.base, paths, assemble), await loadGitRevision(range.head, paths, assemble)];
    } else {
      if (!baseArg || !headArg) throw new UsageError('diff needs BASE and HEAD (files, folders, snapshots or -), or --git RANGE');
      if (baseArg === '-' && headArg === '-') throw new UsageError('only one side can be - (stdin)');
      const side = loadSide ?? ((p: string) => loadFiles([p], { ...assemble, ...(io.readStdin ? { readStdin: io.readStdin } : {}) }));
      [base, head] = [await side(baseArg, opts), await side(headArg, opts)];
    }
    // Both sides get the same default policy, so it never shows up as a change.
    const version = kubernetesVersionFor(opts.kubernetesVersion, opts.defaultPolicy !== false);
    [base, head] = [await applyDefaultPolicy(base, opts.defaultPolicy !== false, version), await applyDefaultPolicy(head, opts.defaultPolicy !== false, version)];
    const aggregation: AnalyzeOptions = opts.aggregation === 'stored' || opts.aggregation === 'compute' ? { aggregation: opts.aggregation } : {};
    const [a, b] = [analyze(base, aggregation), analyze(head, aggregation)];
    reportDiagnostics(b.diagnostics.filter((d) => d.severity === 'error'), opts, io);
    const result = diffAnalyses(a, b);
    const queries = opts.risk !== false ? await loadQueries([BUILTIN_QUERIES]) : [];
    if (opts.risk !== false) markRisks(result, a, b, queries);
    if (base.workloads?.length || head.workloads?.length) result.workloads = diffWorkloads(a, b, queries);
    io.out(formatDiff(result, format));
    // A workload whose token gains powers counts as a gain, with its risks.
    const gains = [...result.changes.filter((c) => c.change === 'added'), ...(result.workloads ?? []).filter((w) => w.gained.length)];
    const fail =
      failOn === 'any-change' ? result.changes.length + (result.workloads?.length ?? 0) > 0 :
      failOn === 'any-gain' ? gains.length > 0 :
      failOn ? gains.some((c) => c.risks.some((r) => SEVERITY_RANK[r.severity as QuerySeverity] >= SEVERITY_RANK[failOn as QuerySeverity])) : false;
    if (fail || (failOn && failClosedOnErrors([{ label: 'BASE', diagnostics: a.diagnostics }, { label: 'HEAD', diagnostics: b.diagnostics }], io))) setExit(EXIT.NO);
  });
}
