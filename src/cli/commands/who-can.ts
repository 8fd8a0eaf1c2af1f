import type { Command } from 'commander';
import { whoCanWorkloads } from '../../engine/workloads.js';
import { formatWhoCan } from '../../report/who-can.js';
import { formatWorkloadGrants } from '../../report/workloads.js';
import { EXIT } from '../exit-codes.js';
import { addInputOptions, displayFor, loadAnalysis, notesInDocument, writeNotes, type InputOptions, type Io } from '../io.js';
import { formatOf } from '../output-format.js';

interface Options extends InputOptions {
  namespace?: string;
  allNamespaces?: boolean;
  apiGroup?: string;
  subresource?: string;
  name?: string;
  workloads?: boolean;
}

export function registerWhoCan(program: Command, io: Io, setExit: (code: number) => void): void {
  const cmd = program
    .command('who-can')
    .summary('list the subjects that may do VERB on RESOURCE')
    .description(
      'List every subject (user, group, service account) that the RBAC authorizer would allow to do VERB on RESOURCE, with the binding and role that grant it and where the grant applies.\n\nRESOURCE is pods, pods/exec, deployments.apps, deployments.apps/scale, a short name (po, deploy, cm, ...) or a non-resource URL (/metrics). With -n, the answer is for that namespace; with -A (the default for namespaced resources) every RoleBinding counts, each for its own namespace.',
    )
    .argument('<verb>', 'get, list, watch, create, update, patch, delete, deletecollection, or a special verb (impersonate, bind, escalate, approve, ...)')
    .argument('<resource>', 'resource[.group][/subresource] or /non-resource-url')
    .argument('[name]', 'object name (matters for rules restricted by resourceNames)')
    .option('-n, --namespace <ns>', 'answer for this namespace')
    .option('-A, --all-namespaces', 'answer for every namespace, showing the scope of each grant')
    .option('--api-group <group>', 'API group of RESOURCE ("" for core)')
    .option('--subresource <sub>', 'subresource, e.g. exec, log, status, scale')
    .option('--name <name>', 'object name (same as the [name] argument)')
    .option('--workloads', 'list the workloads whose pods carry a token with the permission (their ServiceAccount and the binding), not the subjects');
  addInputOptions(cmd, 'who-can').addHelpText(
    'after',
    `
Examples:
  rbac who-can delete secrets -n kube-system -f samples/kubernetes-bootstrap
  rbac who-can create pods/exec -A -f manifests/
  rbac who-can get /metrics -f samples/kubernetes-bootstrap
  rbac who-can impersonate users -f samples/kubernetes-bootstrap -o json
  rbac who-can get secrets -n prod -f samples/worlds/teaching.yaml -o name   # user:alice, group:sre, ...
  helm template my-chart | rbac who-can list secrets -f -
  rbac who-can create pods/exec --workloads -f samples/addons/kube-prometheus.yaml -f samples/workloads`,
  );
  cmd.action(async (verb: string, resource: string, name: string | undefined, opts: Options) => {
    const format = formatOf('who-can', opts.output);
    const { analysis, problems } = await loadAnalysis(opts, io);
    const resolved = analysis.resolve({
      verb,
      resource,
      name: opts.name ?? name,
      namespace: opts.namespace,
      allNamespaces: opts.allNamespaces,
      apiGroup: opts.apiGroup,
      subresource: opts.subresource,
    });
    const result = analysis.whoCan(resolved.request, { allNamespaces: resolved.allNamespaces });
    const notes = [...resolved.notes, ...analysis.hints({ request: resolved.request })];
    result.notes.unshift(...notes);
    io.out(opts.workloads ? formatWorkloadGrants(result, whoCanWorkloads(analysis.snapshot, result), format, displayFor(io, format)) : formatWhoCan(result, format, displayFor(io, format)));
    writeNotes(io, opts, notes, { inDocument: notesInDocument(format) });
    if (opts.strict && problems > 0) setExit(EXIT.STRICT);
  });
}
