import type { Command } from 'commander';
import { BUILTIN_QUERIES, loadQueries } from '../../collect/load-queries.js';
import { diffAnalyses } from '../../diff/diff.js';
import { markRisks } from '../../diff/risk.js';
import { diffWorkloads } from '../../diff/workloads.js';
import { analyze } from '../../engine/analyze.js';
import type { AnalyzeOptions } from '../../engine/policy.js';
import { UsageError } from '../../errors.js';
import type { Snapshot } from '../../model/snapshot.js';
import { formatDiffChunks } from '../../report/diff.js';
import { addOutputOption, formatOf } from '../output-format.js';
import { EXIT } from '../exit-codes.js';
import { displayFor, failClosedOnErrors, reportDiagnostics, type InputOptions, type Io } from '../io.js';
import { addDefaultPolicyOptions, addRecursiveOption, applyDefaultPolicy, collectPaths, loadSnapshot } from '../source.js';
import { diffSides } from '../diff-sides.js';
import { kubernetesVersionFor } from '../../defaults/versions.js';
import { SEVERITY_RANK } from '../../audit/finding.js';
import { SEVERITIES, type QuerySeverity } from '../../audit/query-definition.js';

interface Options extends InputOptions {
  git?: string;
  from?: string[];
  to?: string[];
  failOn?: string;
  risk?: boolean;
}

export function registerDiff(program: Command, io: Io, setExit: (code: number) => void): void {
  const cmd = program
    .command('diff')
    .summary('who gains or loses which permission between two states (for pull requests)')
    .description(
      'Compare the effective permissions of two states: per subject, the permissions gained and lost (verb, resource, scope), with the binding and role on the side where each holds and the reason (new binding, changed rules, new aggregation label, removed subject, ...). A permission counts as gained only if nothing the subject held before covers it, so renames and reshuffles give an empty diff. Gains that an audit check flags are marked with its id and severity. Each side is a file, a folder, - (stdin) or a snapshot, given as BASE HEAD, as -f BASE -f HEAD (or -f BASE,HEAD), or as --from and --to, each repeatable or a comma list, for sides made of several inputs; with --git, two revisions of this repository.',
    )
    .argument('[base]', 'the state before: file, folder, snapshot or - (omit with --git)')
    .argument('[head]', 'the state after (with --git: paths to limit the comparison to)')
    .argument('[paths...]', 'with --git: more paths to limit the comparison to')
    .option('-f, --filename <path>', 'BASE then HEAD, as two -f or one comma list (instead of the arguments)', collectPaths)
    .option('--from <path>', 'an input of the state before; repeatable, or a comma list', collectPaths)
    .option('--to <path>', 'an input of the state after; repeatable, or a comma list', collectPaths)
    .option('--git <range>', 'compare two revisions: A...B (merge base of A and B vs B), A..B, or A (vs HEAD)')
    .option('--fail-on <level>', `exit 1 on a gain of this severity or worse (${SEVERITIES.join(', ')}), or on any-gain / any-change`)
    .option('--no-risk', 'do not run the audit checks on gains')
    .option('--default-namespace <ns>', 'namespace for namespaced objects that name none', 'default')
    .option('--aggregation <mode>', 'rules of aggregated ClusterRoles: compute or stored')
    .option('--strict', 'exit 4 when either side has problems (malformed documents, missing roles, ...), unless --fail-on already exits 1')
    .option('-v, --verbose', 'print every diagnostic')
    .option('-q, --quiet', 'print no diagnostics');
  addOutputOption(cmd, 'diff');
  addRecursiveOption(addDefaultPolicyOptions(cmd))
    .addHelpText(
      'after',
      `
Examples:
  rbac diff old/ new/
  rbac diff -f old.yaml,new.yaml
  rbac diff --from prod.json --to prod.json,new-role.yaml --fail-on high
  rbac diff --git main...HEAD deploy/rbac -o markdown > comment.md
  helm template my-chart | rbac diff base.yaml -
  rbac diff samples/addons/external-secrets.yaml rendered.yaml --fail-on high`,
    );
  cmd.action(async (baseArg: string | undefined, headArg: string | undefined, rest: string[], opts: Options) => {
    const format = formatOf('diff', opts.output);
    const failOn = opts.failOn;
    if (failOn && !['any-gain', 'any-change', ...SEVERITIES].includes(failOn)) throw new UsageError(`--fail-on ${failOn}: expected any-gain, any-change or one of ${SEVERITIES.join(', ')}`);
    const assemble = { defaultNamespace: opts.defaultNamespace };
    let base: Snapshot;
    let head: Snapshot;
    if (opts.git) {
      if (opts.filename || opts.from || opts.to) throw new UsageError('--git compares two revisions: -f, --from and --to name files instead; give one or the other');
      const paths = [baseArg, headArg, ...rest].filter((p): p is string => !!p);
      // Imported only with --git: the other commands start without child_process.
      const { loadGitRevision, resolveRange } = await import('../../collect/git.js');
      const range = await resolveRange(opts.git);
      [base, head] = [await loadGitRevision(range.base, paths, assemble), await loadGitRevision(range.head, paths, assemble)];
    } else {
      const sides = diffSides([baseArg, headArg, ...rest].filter((p): p is string => !!p), opts);
      const side = (filename: string[]) => loadSnapshot({ filename, defaultNamespace: opts.defaultNamespace }, { err: io.err, ...(io.readStdin ? { readStdin: io.readStdin } : {}) });
      [base, head] = [await side(sides.base), await side(sides.head)];
    }
    // Both sides get the same default policy, so it never shows up as a change.
    const version = kubernetesVersionFor(opts.kubernetesVersion, opts.defaultPolicy !== false);
    [base, head] = [await applyDefaultPolicy(base, opts.defaultPolicy !== false, version), await applyDefaultPolicy(head, opts.defaultPolicy !== false, version)];
    const aggregation: AnalyzeOptions = opts.aggregation === 'stored' || opts.aggregation === 'compute' ? { aggregation: opts.aggregation } : {};
    const [a, b] = [analyze(base, aggregation), analyze(head, aggregation)];
    // Head's errors always; with --strict, every problem of both sides, since they set the exit code.
    const problems = [...new Map([...a.diagnostics, ...b.diagnostics].filter((d) => d.severity !== 'info').map((d) => [`${d.code} ${d.message}`, d])).values()];
    reportDiagnostics(opts.strict ? problems : b.diagnostics.filter((d) => d.severity === 'error'), opts, io);
    const result = diffAnalyses(a, b);
    const queries = opts.risk !== false ? await loadQueries([BUILTIN_QUERIES]) : [];
    if (opts.risk !== false) markRisks(result, a, b, queries);
    if (base.workloads?.length || head.workloads?.length) result.workloads = diffWorkloads(a, b, queries);
    for (const chunk of formatDiffChunks(result, format, displayFor(io, format))) await io.write(chunk);
    // A workload whose token gains powers counts as a gain, with its risks.
    const gains = [...result.changes.filter((c) => c.change === 'added'), ...(result.workloads ?? []).filter((w) => w.gained.length)];
    const fail =
      failOn === 'any-change' ? result.changes.length + (result.workloads?.length ?? 0) > 0 :
      failOn === 'any-gain' ? gains.length > 0 :
      failOn ? gains.some((c) => c.risks.some((r) => SEVERITY_RANK[r.severity as QuerySeverity] >= SEVERITY_RANK[failOn as QuerySeverity])) : false;
    if (fail || (failOn && failClosedOnErrors([{ label: 'BASE', diagnostics: a.diagnostics }, { label: 'HEAD', diagnostics: b.diagnostics }], io))) setExit(EXIT.NO);
    else if (opts.strict && problems.length > 0) setExit(EXIT.STRICT);
  });
}
