import type { Command } from 'commander';
import { exportBlocks, exportPermissions, type ExportOptions } from '../../engine/export.js';
import { parseObjectSubject } from '../../engine/object-subject.js';
import { parseIdentity } from '../../engine/subject-spec.js';
import { UsageError } from '../../errors.js';
import { resourceFilter } from '../../engine/export-filter.js';
import { formatExportBlocks, formatSummary, summarise } from '../../report/export.js';
import { formatOf } from '../output-format.js';
import { EXIT } from '../exit-codes.js';
import { addInputOptions, displayFor, loadAnalysis, writeNotes, type InputOptions, type Io } from '../io.js';

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
    .summary('every effective permission as rows (CSV, JSON, YAML, JSON lines or a table) for auditors')
    .description(
      'Write every effective permission: one row per subject, scope, verb, API group and resource (or non-resource URL), with the binding and role that grant it and the aggregated role it came from. Rules that can never take effect are left out. Rows are streamed (except in a table), so large clusters do not need to fit in memory. Implicit groups stay the group subjects they are; --expand-groups adds a row for each known ServiceAccount that inherits a system:serviceaccounts[:NS] grant.',
    )
    .option('--subject <subject>', 'only this subject (NAME or user:NAME, group:NAME, sa:NS:NAME)')
    .option('-n, --namespace <ns>', 'only grants in this namespace (and cluster-wide grants, which apply there too)')
    .option('--resource <resource>', 'only rows that cover this resource, read as who-can reads it (secrets, secret, deploy, deployments.apps, pods/exec, /metrics)')
    .option('--by <key>', 'a summary instead of rows: subject or resource')
    .option('--expand-groups', 'add rows for ServiceAccounts that inherit through system:serviceaccounts groups');
  addInputOptions(cmd, 'export').addHelpText(
    'after',
    `
Examples:
  rbac export -f samples/kubernetes-bootstrap > permissions.csv
  rbac export -f manifests/ -o jsonl --namespace prod
  rbac export -f samples/worlds/teaching.yaml --subject group:devs -o table
  rbac export -f samples/worlds/teaching.yaml --resource secret -o wide
  rbac export -f samples/kubernetes-bootstrap --by subject`,
  );
  cmd.action(async (opts: Options) => {
    const output = formatOf('export', opts.output);
    if (opts.by && opts.by !== 'subject' && opts.by !== 'resource') throw new UsageError(`--by ${opts.by}: expected subject or resource`);
    if (opts.subject && parseObjectSubject(opts.subject)) throw new UsageError(`--subject ${opts.subject}: name a ServiceAccount (for a workload, the one whose token its pods carry) as sa:NAMESPACE:NAME; read as a user name, this would export nothing`);
    const subject = opts.subject ? parseIdentity(opts.subject) : undefined;
    const { analysis, problems } = await loadAnalysis(opts, io);
    const filter = opts.resource ? resourceFilter(opts.resource, analysis.catalogue) : undefined;
    const stats = { rows: 0, ineffective: 0 };
    const exportOpts: ExportOptions = {
      ...(subject ? { subject: { kind: subject.kind, name: subject.name, ...(subject.namespace ? { namespace: subject.namespace } : {}) } } : {}),
      ...(opts.namespace !== undefined ? { namespace: opts.namespace } : {}),
      ...(filter?.resource ? { resource: filter.resource } : {}),
      ...(filter ? { keep: filter.keep } : {}),
      expandGroups: !!opts.expandGroups,
      catalogue: analysis.catalogue,
      stats,
    };
    if (opts.by) {
      const s = summarise(exportPermissions(analysis.policy, exportOpts), opts.by as 'subject' | 'resource');
      io.out(formatSummary(s, opts.by as 'subject' | 'resource', output, displayFor(io, output)));
    } else {
      // The output guard cleans each piece of the rows once (io.clean), not every chunk again whole.
      const pieces = io.clean && io.writeCleaned;
      const chunks = formatExportBlocks(exportBlocks(analysis.policy, exportOpts), output, { display: displayFor(io, output), ...(pieces ? { clean: (t: string) => io.clean!(t) } : {}) });
      for (const chunk of chunks) await (pieces ? io.writeCleaned!(chunk) : io.write(chunk));
    }
    // The rows are streamed documents with no room for notes: they go to stderr in every format.
    writeNotes(io, opts, [...(filter?.notes ?? []), ...analysis.hints({ ...(subject ? { subject } : {}), ...(opts.namespace ? { namespace: opts.namespace } : {}) })]);
    if (stats.ineffective) writeNotes(io, opts, [`${stats.ineffective} rule(s) that can never take effect were left out (rbac audit --query ineffective-rule lists them)`], { remark: true });
    if (opts.strict && problems > 0) setExit(EXIT.STRICT);
  });
}
