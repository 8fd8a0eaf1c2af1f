// Where a command's objects come from: -f manifests, folders, stdin or snapshot files, else the
// live cluster of the kubeconfig (as kubectl would pick it). The flags that pick a cluster live
// here too, so every command spells them the same way.
import { open } from 'node:fs/promises';
import type { Command } from 'commander';
import { SnapshotBuilder } from '../collect/assemble.js';
import { loadFiles } from '../collect/files.js';
import { readSnapshot } from '../collect/snapshot-file.js';
import { InputError, UsageError } from '../errors.js';
import type { Snapshot } from '../model/snapshot.js';
import { DEFAULT_POLICY_VERSIONS, kubernetesVersionFor, NEWEST_DEFAULT_POLICY, withDefaultPolicy } from '../defaults/versions.js';
import { processIo } from './io.js';

export interface SourceOptions {
  filename?: string[];
  kubeconfig?: string;
  context?: string;
  requestTimeout?: string;
  defaultNamespace?: string;
  /** With a live cluster: read namespaced objects of this namespace only. */
  namespace?: string;
  /** Add the Kubernetes default policy to manifest input (never to a cluster or a snapshot of one). */
  defaultPolicy?: boolean;
  /** --kubernetes-version: which default policy, and the version answers are for. */
  kubernetesVersion?: string;
}

export interface SourceIo {
  err(text: string): void;
  readStdin?: () => Promise<string>;
  /** stderr is a terminal: a progress line may be drawn on it. */
  isTTY?: boolean;
}

const DEFAULT_TIMEOUT = '30s';

/** -f a.yaml,b.yaml is -f a.yaml -f b.yaml, as kubectl reads -f (a comma is never part of a path). */
export function collectPaths(v: string, prev: string[] = []): string[] {
  const parts = v.split(',');
  if (parts.some((p) => p === '')) throw new UsageError(`-f ${v}: an empty path in the comma list`);
  return [...prev, ...parts];
}

/** kubectl's -R: folders are always read recursively here, so the flag only says so. */
export function addRecursiveOption(cmd: Command): Command {
  return cmd.option('-R, --recursive', 'read folders recursively, as kubectl -R (always on: folders are always read recursively)');
}

export function addClusterOptions(cmd: Command): Command {
  return cmd
    .option('--kubeconfig <file>', 'kubeconfig of the live cluster to read (default: $KUBECONFIG, ~/.kube/config, or the pod\'s service account)')
    .option('--context <name>', 'kubeconfig context to use (default: its current-context)')
    .option('--request-timeout <duration>', `time limit of each API request: 30s, 1m, 500ms or seconds; 0 = none (default: ${DEFAULT_TIMEOUT})`);
}

/** --kubernetes-version and --[no-]default-policy. Batch answers for the input alone unless told (docs/batch.md). */
export function addDefaultPolicyOptions(cmd: Command, on = true): Command {
  cmd.option('--kubernetes-version <x.y>', `Kubernetes version of manifest input: its default policy (shipped: ${DEFAULT_POLICY_VERSIONS.join(', ')}; default: ${NEWEST_DEFAULT_POLICY}) and its built-in subresources (any version with --no-default-policy)`);
  if (!on) cmd.option('--default-policy', 'add the Kubernetes default policy (cluster-admin, admin, edit, view, system:*) to manifest input');
  return cmd.option('--no-default-policy', on ? 'answer for the manifests alone, without the Kubernetes default policy (cluster-admin, admin, edit, view, system:*) that every cluster has' : 'answer for the manifests alone (the default for batch)');
}

export async function loadSnapshot(opts: SourceOptions, io: SourceIo): Promise<Snapshot> {
  const files = opts.filename ?? [];
  // A live cluster has its own policy and serves its own subresources: only manifests need a shipped version.
  const version = kubernetesVersionFor(opts.kubernetesVersion, files.length > 0 && opts.defaultPolicy === true);
  if (files.length > 0) {
    const clusterFlag = opts.kubeconfig !== undefined ? '--kubeconfig' : opts.context !== undefined ? '--context' : opts.requestTimeout !== undefined ? '--request-timeout' : undefined;
    if (clusterFlag) throw new UsageError(`${clusterFlag} is for reading a live cluster; it cannot be combined with -f`);
    return loadInputs(files, opts, io, version);
  }
  const requestTimeoutMs = parseDuration(opts.requestTimeout ?? DEFAULT_TIMEOUT, '--request-timeout');
  const progress = progressLine(io);
  try {
    // Loaded only for a live cluster: the Kubernetes client takes a while to load.
    const { collectCluster } = await import('../collect/cluster.js');
    return await collectCluster({
      kubeconfig: opts.kubeconfig,
      context: opts.context,
      namespace: opts.namespace,
      requestTimeoutMs,
      ...(progress ? { onProgress: progress.update } : {}),
    });
  } finally {
    progress?.clear();
  }
}

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** "30s", "1m30s", "500ms", "2h" or plain seconds ("30") -> milliseconds, as kubectl reads --request-timeout. */
export function parseDuration(text: string, flag: string): number {
  const t = text.trim();
  if (/^\d+(\.\d+)?$/.test(t)) return Math.round(Number(t) * 1000);
  if (!/^(\d+(\.\d+)?(ms|s|m|h))+$/.test(t)) throw new UsageError(`${flag} ${text}: expected a duration such as 30s, 1m, 500ms, or a number of seconds`);
  let total = 0;
  for (const m of t.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g)) total += Number(m[1]) * UNITS[m[2]!]!;
  return Math.round(total);
}

/**
 * Manifest input gets the default policy of `version` (default: the newest shipped) when `on`. A
 * live cluster's snapshot, or input holding one, has its own, and a snapshot that already has
 * one keeps it: withDefaultPolicy leaves both alone.
 */
export async function applyDefaultPolicy(snapshot: Snapshot, on: boolean, version: string | undefined): Promise<Snapshot> {
  if (on) return withDefaultPolicy(snapshot, version ?? NEWEST_DEFAULT_POLICY);
  return version && !snapshot.meta.kubernetesVersion ? { ...snapshot, meta: { ...snapshot.meta, kubernetesVersion: version } } : snapshot;
}

type Part = { snapshot: Snapshot } | { paths: string[] };

// Named snapshot files (and a snapshot piped to stdin) are read as snapshots; everything else
// goes to the manifest reader. Files inside folders are always manifests.
async function loadInputs(paths: readonly string[], opts: SourceOptions, io: SourceIo, version: string | undefined): Promise<Snapshot> {
  let stdinText: string | undefined;
  const preloaded = new Map<string, string>();
  const parts: Part[] = [];
  for (const p of paths) {
    let snapshot: Snapshot | undefined;
    if (p === '-') {
      if (stdinText !== undefined) throw new InputError('stdin (-) can be named only once');
      stdinText = await (io.readStdin ?? readProcessStdin)();
      snapshot = readSnapshot(stdinText, '<stdin>');
    } else {
      const text = await readIfJson(p);
      snapshot = text === undefined ? undefined : readSnapshot(text, p);
      if (text !== undefined && !snapshot) preloaded.set(p, text);
    }
    const last = parts[parts.length - 1];
    if (snapshot) parts.push({ snapshot });
    else if (last && 'paths' in last) last.paths.push(p);
    else parts.push({ paths: [p] });
  }
  const load = { defaultNamespace: opts.defaultNamespace, preloaded, readStdin: stdinText !== undefined ? () => Promise.resolve(stdinText!) : io.readStdin };
  const only = parts.length === 1 ? parts[0]! : undefined;
  const on = opts.defaultPolicy === true;
  if (only) return applyDefaultPolicy('snapshot' in only ? only.snapshot : await loadFiles(only.paths, load), on, version);

  // Snapshots mixed with manifests (e.g. "this cluster, plus what these manifests would add"):
  // later definitions replace earlier ones, as across manifest files.
  const builder = new SnapshotBuilder({ defaultNamespace: opts.defaultNamespace });
  let apiResources: Snapshot['apiResources'];
  for (const part of parts) {
    const s = 'snapshot' in part ? part.snapshot : await loadFiles(part.paths, load);
    apiResources ??= s.apiResources;
    for (const d of s.diagnostics) builder.diagnostics.push(d);
    for (const list of [s.namespaces, s.customResources, s.clusterRoles, s.clusterRoleBindings, s.roles, s.roleBindings, s.serviceAccounts]) for (const o of list) builder.add(o);
    for (const t of s.tokenSecrets ?? []) builder.addTokenSecret(t);
  }
  const merged = builder.build({ origin: 'files', inputs: [...paths] });
  if (apiResources) merged.apiResources = apiResources;
  // A manifest part without RBAC is fine when a snapshot beside it has some.
  if (merged.roles.length + merged.clusterRoles.length + merged.roleBindings.length + merged.clusterRoleBindings.length > 0) merged.diagnostics = merged.diagnostics.filter((d) => d.code !== 'no-rbac-objects');
  // A live cluster's snapshot plus manifests is still that cluster: it has its own default policy.
  const has = parts.some((p) => 'snapshot' in p && (p.snapshot.meta.origin === 'cluster' || p.snapshot.meta.defaultPolicy));
  return applyDefaultPolicy(merged, on && !has, version);
}

/** The whole text of a named file that starts like JSON; undefined for anything else (YAML, folders, unreadable: the manifest reader reports those). */
async function readIfJson(path: string): Promise<string | undefined> {
  let handle;
  try {
    handle = await open(path, 'r');
    if (!(await handle.stat()).isFile()) return undefined;
    const head = Buffer.alloc(512);
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    if (!head.subarray(0, bytesRead).toString('utf8').trimStart().startsWith('{')) return undefined;
    return (await handle.readFile({ encoding: 'utf8' })) as string;
  } catch {
    return undefined;
  } finally {
    await handle?.close();
  }
}

async function readProcessStdin(): Promise<string> {
  if (process.stdin.isTTY) throw new InputError('stdin (-) is a terminal: pipe manifests or a snapshot in, e.g. `helm template ... | rbac who-can ... -f -`');
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

// Drawn only on a terminal and only once collection has taken over a second, so quick runs and
// piped stderr stay clean.
function progressLine(io: SourceIo): { update: (msg: string) => void; clear: () => void } | undefined {
  const tty = io.isTTY ?? (io.err === processIo.err && process.stderr.isTTY === true);
  if (!tty) return undefined;
  const start = Date.now();
  let last = 0;
  let shown = false;
  return {
    update: (msg) => {
      const now = Date.now();
      if (now - start < 1000 || now - last < 100) return;
      last = now;
      shown = true;
      io.err(`\r${msg.slice(0, (process.stderr.columns || 80) - 1)}\x1b[K`);
    },
    clear: () => {
      if (shown) io.err('\r\x1b[K');
    },
  };
}
