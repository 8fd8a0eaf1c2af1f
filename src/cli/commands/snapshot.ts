import type { Command } from 'commander';
import { writeSnapshot } from '../../collect/snapshot-file.js';
import { UsageError } from '../../errors.js';
import type { Snapshot } from '../../model/snapshot.js';
import { EXIT } from '../exit-codes.js';
import { writeWhole } from '../write-whole.js';
import { addOutputOption, formatOf } from '../output-format.js';
import { reportDiagnostics, type InputOptions, type Io } from '../io.js';
import { addClusterOptions, addRecursiveOption, collectPaths, loadSnapshot, type SourceOptions } from '../source.js';

interface Options extends SourceOptions, InputOptions {
  outputFile?: string;
}

export function registerSnapshot(program: Command, io: Io, setExit: (code: number) => void): void {
  const cmd = program
    .command('snapshot')
    .summary('save the RBAC objects of a cluster (or of manifests) to one file, to ask questions of later')
    .description(
      'Read the Roles, ClusterRoles, RoleBindings, ClusterRoleBindings, ServiceAccounts, Namespaces and CustomResourceDefinitions of the live cluster (the kubeconfig\'s current context, or --context) and write them, with API discovery, as one JSON document: to stdout, or to --output-file FILE. Any command reads it back with -f FILE and gives the answers the cluster would have given at that moment, offline. Secrets are never read; the file holds no credentials.\n\nWith -n, namespaced objects are read from that namespace only: for an identity that may not list cluster-wide. With -f, manifests are converted instead of reading a cluster.',
    )
    .option('--output-file <file>', 'write the snapshot to FILE instead of stdout')
    .option('-n, --namespace <ns>', 'read namespaced objects of this namespace only')
    .option('-f, --filename <path>', 'convert manifests (file, folder or - for stdin) instead of reading a cluster; repeatable, or a comma list', collectPaths)
    .option('--default-namespace <ns>', 'with -f: namespace for namespaced objects that name none', 'default')
    .option('--strict', 'exit 4 when the input has problems (lists that could not be read, malformed objects, ...)')
    .option('-v, --verbose', 'print every diagnostic, including informational ones')
    .option('-q, --quiet', 'print no diagnostics');
  addOutputOption(cmd, 'snapshot');
  addRecursiveOption(addClusterOptions(cmd)).addHelpText(
    'after',
    `
Examples:
  rbac snapshot --context prod --output-file prod.json
  rbac who-can delete secrets -n kube-system -f prod.json
  rbac snapshot -n team-a > team-a.json              # an identity that can only read team-a
  rbac snapshot -f samples/kubernetes-bootstrap --output-file bootstrap.json`,
  );
  cmd.action(async (opts: Options) => {
    // Until issue 15, -o was the file to write: say so rather than write a file named json.
    if (opts.output !== undefined && opts.output !== 'json') throw new UsageError(`-o ${opts.output}: rbac snapshot writes json (to stdout); to write a file, use --output-file ${opts.output === '-' ? 'FILE' : opts.output}`);
    formatOf('snapshot', opts.output);
    if (opts.namespace && opts.filename?.length) throw new UsageError('-n limits what is read from a live cluster; it cannot be combined with -f');
    const snapshot = await loadSnapshot(opts, io);
    const text = writeSnapshot(snapshot);
    if (opts.outputFile === undefined || opts.outputFile === '-') io.out(text);
    else await writeWhole(opts.outputFile, text);
    reportDiagnostics(snapshot.diagnostics, opts, io);
    if (!opts.quiet) io.err(`${summary(snapshot)}${opts.outputFile === undefined || opts.outputFile === '-' ? '' : ` -> ${opts.outputFile}`}\n`);
    if (opts.strict && snapshot.diagnostics.some((d) => d.severity !== 'info')) setExit(EXIT.STRICT);
  });
}

function summary(s: Snapshot): string {
  const from = s.meta.origin === 'cluster' ? `context ${s.meta.context ?? '?'} (cluster ${s.meta.cluster ?? '?'})` : (s.meta.inputs ?? []).join(', ');
  const counts: [number, string][] = [
    [s.clusterRoles.length, 'ClusterRoles'],
    [s.clusterRoleBindings.length, 'ClusterRoleBindings'],
    [s.roles.length, 'Roles'],
    [s.roleBindings.length, 'RoleBindings'],
    [s.serviceAccounts.length, 'ServiceAccounts'],
    [s.namespaces.length, 'Namespaces'],
    [s.customResources.length, 'CustomResourceDefinitions'],
  ];
  return `snapshot of ${from}: ${counts.map(([n, k]) => `${n} ${k}`).join(', ')}`;
}
