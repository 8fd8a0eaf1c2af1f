// Kubeconfig loading as kubectl does it: --kubeconfig alone, else every file of KUBECONFIG merged
// (the first file to name a cluster, user, context or current-context wins), else ~/.kube/config,
// else the pod's service account. The client's own loadFromDefault lets a later file override
// current-context and throws on a name defined twice, so the merge is done here.
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { basename, delimiter, join } from 'node:path';
import { KubeConfig, type Cluster, type Context, type User } from '@kubernetes/client-node';
import { ClusterError, InputError } from '../errors.js';
import { redactUrl } from './request-guard.js';

export interface KubeConfigOptions {
  /** Path of a kubeconfig file (kubectl --kubeconfig): used alone. */
  kubeconfig?: string;
  /** Context name (kubectl --context); default: the kubeconfig's current-context. */
  context?: string;
}

export interface LoadedKubeConfig {
  kc: KubeConfig;
  contextName: string;
  cluster: Cluster;
  /** The server URL without a trailing slash. */
  server: string;
}

const SERVICE_ACCOUNT_TOKEN = '/var/run/secrets/kubernetes.io/serviceaccount/token';

export function loadKubeConfig(opts: KubeConfigOptions = {}): LoadedKubeConfig {
  const kc = readConfig(opts.kubeconfig);
  if (opts.context !== undefined) {
    if (!kc.getContextObject(opts.context)) {
      throw new ClusterError(`context "${opts.context}" is not in the kubeconfig; available contexts: ${contextList(kc)}`);
    }
    kc.setCurrentContext(opts.context);
  }
  const contextName = kc.getCurrentContext();
  const context = contextName ? kc.getContextObject(contextName) : null;
  if (!context) {
    const why = contextName ? `current-context "${contextName}" is not defined` : 'no current-context is set';
    throw new ClusterError(`kubeconfig: ${why}; pick one with --context (available contexts: ${contextList(kc)})`);
  }
  const cluster = kc.getCluster(context.cluster);
  if (!cluster) throw new ClusterError(`context "${contextName}" refers to cluster "${context.cluster}", which the kubeconfig does not define`);
  if (!cluster.server) throw new ClusterError(`cluster "${cluster.name}" in the kubeconfig has no server URL`);
  return { kc, contextName, cluster, server: cluster.server.replace(/\/+$/, '') };
}

function contextList(kc: KubeConfig): string {
  const names = kc.getContexts().map((c) => c.name);
  return names.length ? names.join(', ') : '(none)';
}

function readConfig(explicit: string | undefined): KubeConfig {
  if (explicit) {
    if (!existsSync(explicit)) throw new InputError(`--kubeconfig ${explicit}: no such file`);
    return loadFile(explicit);
  }
  const env = process.env.KUBECONFIG;
  if (env) {
    // kubectl skips KUBECONFIG entries that do not exist, as long as one does.
    const files = env.split(delimiter).filter((f) => f && existsSync(f));
    if (files.length === 0) throw new ClusterError(`none of the KUBECONFIG files exist (${env})`);
    return merge(files.map(loadFile));
  }
  const home = join(process.env.HOME || homedir(), '.kube', 'config');
  if (existsSync(home)) return loadFile(home);
  if (process.env.KUBERNETES_SERVICE_HOST && existsSync(SERVICE_ACCOUNT_TOKEN)) {
    const kc = new KubeConfig();
    kc.loadFromCluster();
    return kc;
  }
  throw new ClusterError('no kubeconfig found: pass --kubeconfig FILE, set KUBECONFIG, or create ~/.kube/config (inside a pod the service account is used)');
}

function loadFile(file: string): KubeConfig {
  const kc = new KubeConfig();
  try {
    kc.loadFromFile(file);
  } catch (err) {
    const code = fsCode(err);
    if (code) throw new InputError(`kubeconfig ${file}: cannot read (${code})`);
    throw new ClusterError(`kubeconfig ${file} cannot be read: ${firstLine(redactUrl((err as Error).message))}`);
  }
  return kc;
}

const FS_CODES = new Set(['ENOENT', 'EACCES', 'EPERM', 'EISDIR', 'ENOTDIR', 'ELOOP', 'EMFILE', 'ENFILE', 'ENAMETOOLONG', 'EIO', 'EINVAL']);

function fsCode(err: unknown): string | undefined {
  const e = err as NodeJS.ErrnoException | undefined;
  return typeof e?.code === 'string' && FS_CODES.has(e.code) && !e.syscall?.startsWith('spawn') ? e.code : undefined;
}

/**
 * The error for credentials that could not be had. A file the kubeconfig names (CA, client
 * certificate or key, token file) that cannot be read is an InputError naming it. A credential
 * plugin's output is never quoted: its stdout is the token, and its stderr may hold one.
 */
export function credentialsError(err: unknown, config: LoadedKubeConfig): Error {
  const e = err as NodeJS.ErrnoException;
  const who = `context "${config.contextName}"`;
  const code = fsCode(err);
  if (code) return new InputError(e.path ? `${e.path}: cannot read (${code}), named by the kubeconfig for ${who}` : `a file named by the kubeconfig for ${who} cannot be read (${code})`);
  const command = (config.kc.getCurrentUser()?.exec as { command?: unknown } | undefined)?.command;
  if (command !== undefined) {
    const plugin = `the credential plugin of ${who} (exec: ${basename(String(command))})`;
    if (e?.code === 'ENOENT') return new ClusterError(`${plugin} cannot be run: command not found`);
    if (err instanceof SyntaxError) return new ClusterError(`${plugin} printed something that is not JSON (not shown: it may hold a token)`);
    return new ClusterError(`${plugin} failed (its output is not shown: it may hold a token); run it yourself to see why`);
  }
  return new ClusterError(`cannot get credentials for ${who}: ${firstLine(redactUrl(String(e?.message ?? err)))}`);
}

function merge(configs: KubeConfig[]): KubeConfig {
  if (configs.length === 1) return configs[0]!;
  const clusters = new Map<string, Cluster>();
  const users = new Map<string, User>();
  const contexts = new Map<string, Context>();
  let currentContext: string | undefined;
  for (const c of configs) {
    for (const x of c.getClusters()) if (!clusters.has(x.name)) clusters.set(x.name, x);
    for (const x of c.getUsers()) if (!users.has(x.name)) users.set(x.name, x);
    for (const x of c.getContexts()) if (!contexts.has(x.name)) contexts.set(x.name, x);
    currentContext ||= c.getCurrentContext();
  }
  const kc = new KubeConfig();
  kc.loadFromOptions({ clusters: [...clusters.values()], users: [...users.values()], contexts: [...contexts.values()], currentContext });
  return kc;
}

export function firstLine(s: string): string {
  return (s.split('\n')[0] ?? '').trim();
}
