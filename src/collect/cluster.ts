// A live cluster -> Snapshot. Lists the RBAC objects, ServiceAccounts, Namespaces and CRDs page by
// page (src/collect/cluster-list.ts) and runs API discovery, all through ApiClient's bounded
// concurrency. List items go through the same SnapshotBuilder and normalize code as manifest
// files, so both inputs are read by one set of rules.
//
// RBAC only ever adds permissions, so a list that cannot be read (403, a continue token that
// keeps expiring, a server error that outlasts the retries, an answer that is not the list)
// costs completeness, never correctness: the run goes on and a Diagnostic names the call and what
// is missing. When no RBAC list could be read at all, there is no answer to give: the run fails.
import type { Diagnostic } from '../model/diagnostic.js';
import type { Snapshot } from '../model/snapshot.js';
import { SnapshotBuilder } from './assemble.js';
import { AGGREGATED_ACCEPT, discoverResources } from './cluster-discovery.js';
import { ApiClient, ApiStatusError, type ClientOptions } from './cluster-http.js';
import { listAll, type ListKind, type ListLimits, type ListOutcome } from './cluster-list.js';
import { listDiagnostics, nothingRead } from './cluster-list-diagnostics.js';
import { WORKLOAD_LISTS, workloadScope } from './cluster-workloads.js';

export { listPath } from './cluster-list.js';

export interface CollectClusterOptions extends ClientOptions, ListLimits {
  /** Namespace-limited mode: namespaced kinds are listed in this namespace only. */
  namespace?: string;
  onProgress?: (msg: string) => void;
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
  ...WORKLOAD_LISTS,
];

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
    const core = await client.get<unknown>('/api', {}, AGGREGATED_ACCEPT).catch((err: unknown) => {
      if (!(err instanceof ApiStatusError)) throw err;
      diagnostics.push({ severity: 'warning', code: 'discovery-failed', message: `API discovery failed (${err.code}: ${err.message})`, source: { type: 'cluster', call: err.call } });
      return undefined;
    });
    [apiResources, outcomes] = await Promise.all([
      discoverResources(client, core, diagnostics),
      Promise.all(KINDS.map((k) => listAll(client, k, opts.namespace, opts, (n) => progress.count(k.resource, n)).finally(() => progress.finished()))),
    ]);
  } catch (err) {
    client.abort(err as Error);
    throw err;
  } finally {
    client.close();
  }

  const failed = nothingRead(outcomes, client.server);
  if (failed) throw failed;
  const builder = new SnapshotBuilder();
  for (const d of diagnostics) builder.diagnostics.push(d);
  for (const d of listDiagnostics(outcomes, opts.namespace)) builder.diagnostics.push(d);
  for (const o of outcomes) {
    const source = { type: 'cluster' as const, call: o.call };
    for (const item of o.items) builder.addValue(item, source, 0);
  }
  const snapshot = builder.build({ origin: 'cluster', cluster: client.clusterName, context: client.contextName, collectedAt });
  if (apiResources) snapshot.apiResources = apiResources;
  const scope = workloadScope(outcomes, opts.namespace);
  if (scope !== undefined) {
    snapshot.workloadScope = scope;
    snapshot.workloads ??= [];
  }
  return snapshot;
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
