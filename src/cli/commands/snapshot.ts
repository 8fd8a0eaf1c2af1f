import type { Command } from 'commander';
import { writeSnapshot } from '../../collect/snapshot-file.js';
import { InputError, UsageError } from '../../errors.js';
import type { Snapshot } from '../../model/snapshot.js';
import { EXIT } from '../exit-codes.js';
import { writeWhole } from '../write-whole.js';
import { reportDiagnostics, type InputOptions, type Io } from '../io.js';
import { addClusterOptions, addRecursiveOption, collectPaths, loadSnapshot, type SourceOptions } from '../source.js';

interface Options extends SourceOptions, InputOptions {
  output: string;
}

export function registerSnapshot(program: Command, io: Io, setExit: (code: number) => void): void {
  const cmd = program
    .command('snapshot')
    .summary('save the RBAC objects of a cluster (or of manifests) to one file, to ask questions of later')
    .description(
      'Read the Roles, ClusterRoles, RoleBindings, ClusterRoleBindings, ServiceAccounts, Namespaces and CustomResourceDefinitions of the live cluster (the kubeconfig\'s current context, or --context) and write them, with API discovery, to one JSON file. Any command reads it back with -f FILE and gives the answers the cluster would have given at that moment, offline. Secrets are never read; the file holds no credentials.\n\nWith -n, namespaced objects are read from that namespace only: for an identity that may not list cluster-wide. With -f, manifests are converted instead of reading a cluster.',
    )
    .requiredOption('-o, --output <file>', 'file to write, or - for stdout')
    .option('-n, --namespace <ns>', 'read namespaced objects of this namespace only')
    .option('-f, --filename <path>', 'convert manifests (file, folder or - for stdin) instead of reading a cluster; repeatable, or a comma list', collectPaths)
    .option('--default-namespace <ns>', 'with -f: namespace for namespaced objects that name none', 'default')
    .option('--strict', 'exit 4 when the input has problems (lists that could not be read, malformed objects, ...)')
    .option('-v, --verbose', 'print every diagnostic, including informational ones')
    .option('-q, --quiet', 'print no diagnostics');
  addRecursiveOption(addClusterOptions(cmd)).addHelpText(
    'after',
    `
Examples:
  rbac snapshot -o prod.json --context prod
  rbac who-can delete secrets -n kube-system -f prod.json
  rbac snapshot -o team-a.json -n team-a            # an identity that can only read team-a
  rbac snapshot -o bootstrap.json -f samples/kubernetes-bootstrap`,
  );
  cmd.action(async (opts: Options) => {
    if (opts.namespace && opts.filename?.length) throw new UsageError('-n limits what is read from a live cluster; it cannot be combined with -f');
    const snapshot = await loadSnapshot(opts, io);
    const text = writeSnapshot(snapshot);
    if (opts.output === '-') io.out(text);
    else await writeWhole(opts.output, text);
    reportDiagnostics(snapshot.diagnostics, opts, io);
    if (!opts.quiet) io.err(`${summary(snapshot)}${opts.output === '-' ? '' : ` -> ${opts.output}`}\n`);
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
