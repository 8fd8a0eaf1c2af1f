import type { Command } from 'commander';
import { exportPermissions } from '../../engine/export.js';
import { parseIdentity } from '../../engine/subject-spec.js';
import { UsageError } from '../../errors.js';
import { formatExport, summarise, type ExportFormat } from '../../report/export.js';
import { toCsv } from '../../report/csv.js';
import { toJson } from '../../report/json.js';
import { EXIT } from '../exit-codes.js';
import { addInputOptions, loadAnalysis, writeNotes, type InputOptions, type Io } from '../io.js';

interface Options extends InputOptions {
  subject?: string;
  namespace?: string;
  resource?: string;
  by?: string;
  expandGroups?: boolean;
}

export function registerExport(program: Command, io: Io, setExit: (code: number) => void): void {
  const cmd = program
    .command('export')
    .summary('every effective permission as rows (CSV, JSON, JSON lines) for auditors')
    .description(
      'Write every effective permission: one row per subject, scope, verb, API group and resource (or non-resource URL), with the binding and role that grant it and the aggregated role it came from. Rules that can never take effect are left out. Rows are streamed, so large clusters do not need to fit in memory. Implicit groups stay the group subjects they are; --expand-groups adds a row for each known ServiceAccount that inherits a system:serviceaccounts[:NS] grant.',
    )
    .option('--subject <subject>', 'only this subject (NAME or user:NAME, group:NAME, sa:NS:NAME)')
    .option('-n, --namespace <ns>', 'only grants in this namespace (and cluster-wide grants, which apply there too)')
    .option('--resource <resource>', 'only rows for this resource (plural, as in rules)')
    .option('--by <key>', 'a summary instead of rows: subject or resource')
    .option('--expand-groups', 'add rows for ServiceAccounts that inherit through system:serviceaccounts groups');
  addInputOptions(cmd, 'csv (default), json or jsonl').addHelpText(
    'after',
    `
Examples:
  rbac export -f samples/kubernetes-bootstrap > permissions.csv
  rbac export -f manifests/ -o jsonl --namespace prod
  rbac export -f samples/worlds/teaching.yaml --subject group:devs
  rbac export -f samples/kubernetes-bootstrap --by subject`,
  );
  cmd.action(async (opts: Options) => {
    const output = opts.output === 'table' || opts.output === undefined ? 'csv' : opts.output;
    if (!['csv', 'json', 'jsonl'].includes(output)) throw new UsageError(`-o ${output}: expected csv, json or jsonl`);
    if (opts.by && opts.by !== 'subject' && opts.by !== 'resource') throw new UsageError(`--by ${opts.by}: expected subject or resource`);
    const subject = opts.subject ? parseIdentity(opts.subject) : undefined;
    const { analysis, problems } = await loadAnalysis({ ...opts, output: 'table' }, io);
    const stats = { rows: 0, ineffective: 0 };
    const rows = exportPermissions(analysis.policy, {
      ...(subject ? { subject: { kind: subject.kind, name: subject.name, ...(subject.namespace ? { namespace: subject.namespace } : {}) } } : {}),
      ...(opts.namespace !== undefined ? { namespace: opts.namespace } : {}),
      ...(opts.resource ? { resource: opts.resource } : {}),
      expandGroups: !!opts.expandGroups,
      catalogue: analysis.catalogue,
      stats,
    });
    if (opts.by) {
      const s = summarise(rows, opts.by as 'subject' | 'resource');
      // A real CSV, neutralised like every CSV rbac writes (a subject named `=HYPERLINK(...)` stays text).
      io.out(output === 'csv' ? toCsv([opts.by, 'rows', 'verbs'], s.map((x) => [x.key, String(x.rows), x.verbs.join(',')])) : toJson(s));
    } else {
      for (const chunk of formatExport(rows, output as ExportFormat)) await io.write(chunk);
    }
    // The rows are streamed documents with no room for notes: they go to stderr in every format.
    writeNotes(io, opts, analysis.hints({ ...(subject ? { subject } : {}), ...(opts.namespace ? { namespace: opts.namespace } : {}) }));
    if (stats.ineffective) writeNotes(io, opts, [`${stats.ineffective} rule(s) that can never take effect were left out (rbac audit --query ineffective-rule lists them)`], { remark: true });
    if (opts.strict && problems > 0) setExit(EXIT.STRICT);
  });
}
