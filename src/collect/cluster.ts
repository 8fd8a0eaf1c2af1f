// A live cluster -> Snapshot. Lists the RBAC objects, ServiceAccounts, Namespaces and CRDs page by
// page (limit + continue, as kubectl and client-go's pager do) and runs API discovery, all
// through ApiClient's bounded concurrency. List items go through the same SnapshotBuilder and
// normalize code as manifest files, so both inputs are read by one set of rules.
//
// RBAC only ever adds permissions, so a list that cannot be read (403, a continue token that
// keeps expiring, a server error that outlasts the retries) costs completeness, never
// correctness: the run goes on and a Diagnostic names the call and what is missing.
import type { Diagnostic } from '../model/diagnostic.js';
import type { RbacObject } from '../model/rbac.js';
import type { Snapshot } from '../model/snapshot.js';
import { SnapshotBuilder } from './assemble.js';
import { discoverResources } from './cluster-discovery.js';
import { ApiClient, ApiStatusError, type ClientOptions } from './cluster-http.js';
import { ClusterError } from '../errors.js';

export interface CollectClusterOptions extends ClientOptions {
  /** Namespace-limited mode: namespaced kinds are listed in this namespace only. */
  namespace?: string;
  /** Objects per list page (the `limit` parameter). Default 500, as kubectl's --chunk-size. */
  pageSize?: number;
  onProgress?: (msg: string) => void;
}

interface ListKind {
  kind: RbacObject['kind'];
  apiVersion: string;
  resource: string;
  namespaced: boolean;
  /** What answers lack when this list is missing. */
  missing: string;
}

const RBAC_V1 = 'rbac.authorization.k8s.io/v1';

// The order objects enter the snapshot: the order the API server's own caches hold them in.
const KINDS: readonly ListKind[] = [
  { kind: 'Namespace', apiVersion: 'v1', resource: 'namespaces', namespaced: false, missing: 'namespaces are known only from the objects in them' },
  { kind: 'CustomResourceDefinition', apiVersion: 'apiextensions.k8s.io/v1', resource: 'customresourcedefinitions', namespaced: false, missing: 'custom resources are known from discovery only' },
  { kind: 'ClusterRole', apiVersion: RBAC_V1, resource: 'clusterroles', namespaced: false, missing: 'bindings to ClusterRoles cannot be resolved' },
  { kind: 'ClusterRoleBinding', apiVersion: RBAC_V1, resource: 'clusterrolebindings', namespaced: false, missing: 'cluster-wide grants are missing' },
  { kind: 'Role', apiVersion: RBAC_V1, resource: 'roles', namespaced: true, missing: 'RoleBindings to Roles cannot be resolved' },
  { kind: 'RoleBinding', apiVersion: RBAC_V1, resource: 'rolebindings', namespaced: true, missing: 'namespaced grants are missing' },
  { kind: 'ServiceAccount', apiVersion: 'v1', resource: 'serviceaccounts', namespaced: true, missing: 'service accounts are known only from the bindings that name them' },
];

interface ListBody {
  items?: unknown[];
  metadata?: { continue?: string };
}

interface ListOutcome {
  spec: ListKind;
  call: string;
  items: unknown[];
  error?: ApiStatusError;
  /** The continue token expired again after one restart. */
  expired?: boolean;
}

export async function collectCluster(opts: CollectClusterOptions = {}): Promise<Snapshot> {
  const client = new ApiClient(opts);
  const collectedAt = new Date().toISOString();
  const diagnostics: Diagnostic[] = [];
  const progress = new Progress(client.server, opts.onProgress);
  let outcomes: ListOutcome[];
  let apiResources: Awaited<ReturnType<typeof discoverResources>>;
  try {
    // GET /api first and alone: any authenticated identity may read it, so an unreachable
    // server, a TLS problem or rejected credentials end the run here with one clear error.
    progress.say('connecting');
    const core = await client.get<{ versions?: string[] }>('/api').catch((err: unknown) => {
      if (!(err instanceof ApiStatusError)) throw err;
      diagnostics.push({ severity: 'warning', code: 'discovery-failed', message: `API discovery failed (${err.code}: ${err.message})`, source: { type: 'cluster', call: err.call } });
      return undefined;
    });
    [apiResources, outcomes] = await Promise.all([
      discoverResources(client, core, diagnostics),
      Promise.all(KINDS.map((k) => listAll(client, k, opts, progress))),
    ]);
  } catch (err) {
    client.abort(err as Error);
    throw err;
  } finally {
    client.close();
  }

  diagnostics.push(...listDiagnostics(outcomes, opts.namespace));
  const builder = new SnapshotBuilder();
  builder.diagnostics.push(...diagnostics);
  for (const o of outcomes) {
    const source = { type: 'cluster' as const, call: o.call };
    // List items carry no kind or apiVersion: the list's type names them.
    for (const item of o.items) builder.addValue(isObject(item) ? { ...item, apiVersion: o.spec.apiVersion, kind: o.spec.kind } : item, source, 0);
  }
  const snapshot = builder.build({ origin: 'cluster', cluster: client.clusterName, context: client.contextName, collectedAt });
  if (apiResources) snapshot.apiResources = apiResources;
  return snapshot;
}

export function listPath(k: { apiVersion: string; resource: string; namespaced: boolean }, namespace?: string): string {
  const prefix = k.apiVersion.includes('/') ? `/apis/${k.apiVersion}` : `/api/${k.apiVersion}`;
  return namespace && k.namespaced ? `${prefix}/namespaces/${encodeURIComponent(namespace)}/${k.resource}` : `${prefix}/${k.resource}`;
}

async function listAll(client: ApiClient, spec: ListKind, opts: CollectClusterOptions, progress: Progress): Promise<ListOutcome> {
  const path = listPath(spec, opts.namespace);
  const call = `GET ${path}`;
  let restarted = false;
  for (;;) {
    const items: unknown[] = [];
    let token: string | undefined;
    try {
      do {
        const page = await client.get<ListBody>(path, { limit: opts.pageSize ?? 500, continue: token });
        if (Array.isArray(page.items)) items.push(...page.items);
        const next = page.metadata?.continue || undefined;
        if (next !== undefined && next === token) throw new ClusterError(`${call} on ${client.server} returned the same continue token twice; the list cannot be paged through`);
        token = next;
        progress.count(spec.resource, items.length);
      } while (token);
      progress.finished();
      return { spec, call, items };
    } catch (err) {
      if (!(err instanceof ApiStatusError)) throw err;
      // 410 Gone: the continue token outlived etcd's compaction window. Start over once, as the
      // token's own message suggests; a list that expires twice is changing too fast to page.
      if (err.code === 410 && !restarted) {
        restarted = true;
        progress.count(spec.resource, 0);
        continue;
      }
      progress.finished();
      return { spec, call, items, error: err, expired: err.code === 410 };
    }
  }
}

function listDiagnostics(outcomes: readonly ListOutcome[], namespace: string | undefined): Diagnostic[] {
  const out: Diagnostic[] = [];
  const expectedForbidden: ListOutcome[] = [];
  for (const o of outcomes) {
    const e = o.error;
    if (!e) continue;
    const what = `${o.spec.kind}s`;
    const source = { type: 'cluster' as const, call: o.call };
    if (e.code === 403 && namespace && !o.spec.namespaced) {
      expectedForbidden.push(o);
    } else if (e.code === 403) {
      out.push({ severity: 'warning', code: 'list-forbidden', message: `forbidden (403: ${e.message}): ${what} could not be read, so answers may be incomplete (${o.spec.missing})`, source });
    } else if (o.expired) {
      out.push({ severity: 'warning', code: 'list-expired', message: `the list changed faster than it could be paged through (410 Gone twice: continue token expired); the ${o.items.length} ${what} read are kept, the rest are missing, so answers may be incomplete`, source });
    } else {
      const how = e.code === 404 ? 'not served by this cluster (404)' : `failed (${e.code}${e.reason ? ` ${e.reason}` : ''}: ${e.message}) after retries`;
      out.push({ severity: e.code === 404 ? 'warning' : 'error', code: 'list-failed', message: `${how}: ${what} are missing, so answers may be incomplete (${o.spec.missing})`, source });
    }
  }
  if (namespace) {
    const forbidden = expectedForbidden.map((o) => `${o.spec.kind}s (${o.call})`).join(', ');
    const effects = expectedForbidden.map((o) => o.spec.missing).join('; ');
    out.unshift({
      severity: 'info',
      code: 'namespace-limited',
      message: `only namespace ${namespace} was read (-n ${namespace}): Roles, RoleBindings and ServiceAccounts of other namespaces are not in this snapshot${forbidden ? `. Not allowed to list ${forbidden} (403, expected for an identity limited to a namespace): ${effects}` : ''}`,
    });
  }
  return out;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

class Progress {
  private readonly counts = new Map<string, number>();
  private done = 0;
  constructor(
    private readonly server: string,
    private readonly report: ((msg: string) => void) | undefined,
  ) {}

  say(what: string): void {
    this.report?.(`${this.server}: ${what}`);
  }

  count(resource: string, n: number): void {
    this.counts.set(resource, n);
    this.emit();
  }

  finished(): void {
    this.done++;
    this.emit();
  }

  private emit(): void {
    if (!this.report) return;
    const objects = [...this.counts.values()].reduce((a, b) => a + b, 0);
    this.say(`listed ${this.done}/${KINDS.length} kinds, ${objects} objects`);
  }
}
