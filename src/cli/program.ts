// The commander program: one file per command under commands/, each only parsing flags and
// calling the library.
import { Command } from 'commander';
import { registerAudit } from './commands/audit.js';
import { registerBatch } from './commands/batch.js';
import { registerDiff } from './commands/diff.js';
import { registerExplain } from './commands/explain.js';
import { registerExport } from './commands/export.js';
import { registerPaths } from './commands/paths.js';
import { registerSnapshot } from './commands/snapshot.js';
import { registerGraph } from './commands/graph.js';
import { registerReport } from './commands/report.js';
import { registerCan } from './commands/can.js';
import { registerWhatCan } from './commands/what-can.js';
import { registerWhoCan } from './commands/who-can.js';
import type { Io } from './io.js';

export const VERSION = '0.1.0';

export function buildProgram(io: Io, setExit: (code: number) => void): Command {
  const program = new Command('rbac')
    .version(VERSION)
    .description(
      'Who can do what in a Kubernetes cluster, answered exactly as the API server\'s RBAC authorizer would, from a live cluster (the current kubeconfig context, like kubectl) or from manifests (files, folders, stdin, Helm output) and snapshots. Every answer names the binding, role and rule behind it.',
    )
    .configureOutput({ writeOut: io.out, writeErr: io.err })
    .showHelpAfterError('(run with --help for usage)')
    .addHelpText(
      'after',
      `
Examples:
  rbac who-can delete secrets -n kube-system -f samples/kubernetes-bootstrap
  rbac what-can sa:kube-system:replicaset-controller -f samples/kubernetes-bootstrap
  rbac can --as jane --as-group devs get pods/log -n prod -f samples/worlds/teaching.yaml
  rbac -f samples/worlds/teaching.yaml -n prod who-can get secrets

A command's options may come before or after its name, as with kubectl.

Exit codes: 0 ok (can: yes), 1 can: no, 2 usage or unreadable input, 3 cluster unreachable,
4 --strict and the input has problems, 70 internal error. Docs: docs/cli.md`,
    );
  registerWhoCan(program, io, setExit);
  registerWhatCan(program, io, setExit);
  registerCan(program, io, setExit);
  registerExplain(program, io, setExit);
  registerPaths(program, io, setExit);
  registerAudit(program, io, setExit);
  registerExport(program, io, setExit);
  registerDiff(program, io, setExit);
  registerBatch(program, io, setExit);
  registerSnapshot(program, io, setExit);
  registerGraph(program, io, setExit);
  registerReport(program, io, setExit);
  for (const c of program.commands) c.configureOutput({ writeOut: io.out, writeErr: io.err }).showHelpAfterError('(run with --help for usage)');
  return program;
}
