// API discovery, as `kubectl api-resources` reads it: the resources this cluster actually serves,
// with scope and short names, so `po`, `deploy` or a CRD's short name resolve as they would
// against this cluster. Aggregated discovery (Kubernetes 1.26+: all groups in the answers of
// /api and /apis) when the server offers it; else one request per group version, at most
// MAX_GROUP_VERSIONS of them, through the client's bounded concurrency. A group version that
// cannot be read (an aggregated API whose backend is down is the usual case) is a warning, as
// kubectl's "couldn't get resource list for ..." is. Group versions are names the server gives:
// each is checked to be a Kubernetes group and version before it becomes part of a path.
import type { ApiResource } from '../model/catalogue.js';
import type { Diagnostic } from '../model/diagnostic.js';
import { ApiStatusError, type ApiClient } from './cluster-http.js';
import { shortText } from './cluster-list.js';

/** An ApiResource with the subresources discovery lists for it (pods -> exec, log, status, ...). */
export interface DiscoveredResource extends ApiResource {
  subresources?: string[];
}

/** The Accept header of aggregated discovery, falling back to the classic answers. */
export const AGGREGATED_ACCEPT = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json';
export const MAX_GROUP_VERSIONS = 1000;

interface ApiGroupList {
  groups?: { name?: unknown; versions?: { groupVersion?: unknown }[]; preferredVersion?: { groupVersion?: unknown } }[];
}
interface RawResource {
  name?: unknown;
  kind?: unknown;
  namespaced?: unknown;
  shortNames?: unknown;
}
interface Aggregated {
  kind?: unknown;
  items?: { metadata?: { name?: unknown }; versions?: { version?: unknown; freshness?: unknown; resources?: { resource?: unknown; responseKind?: { kind?: unknown }; scope?: unknown; shortNames?: unknown; subresources?: { subresource?: unknown }[] }[] }[] }[];
}

const LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const isVersion = (v: unknown): v is string => typeof v === 'string' && v.length <= 63 && LABEL.test(v);
const isGroup = (g: unknown): g is string => typeof g === 'string' && g.length <= 253 && g.split('.').every((l) => l.length <= 63 && LABEL.test(l));

/** `core` is the already fetched answer of GET /api (the run's first call, which checks the connection). */
export async function discoverResources(client: ApiClient, core: unknown, diagnostics: Diagnostic[]): Promise<DiscoveredResource[] | undefined> {
  const found = new Found(diagnostics);
  if (isAggregated(core)) found.aggregated(core, true);
  else for (const v of asArray((core as { versions?: unknown[] } | undefined)?.versions)) found.groupVersion('', v, isVersion(v) ? `/api/${v}` : undefined);
  const groups = await fetchOrWarn<unknown>(client, '/apis', diagnostics, AGGREGATED_ACCEPT);
  if (isAggregated(groups)) found.aggregated(groups, false);
  else {
    for (const g of asArray((groups as ApiGroupList | undefined)?.groups)) {
      if (!isGroup(g?.name)) {
        found.invalid(`group ${shortText(g?.name)}`);
        continue;
      }
      // The preferred version first: its entry wins when several versions serve a resource.
      const preferred = g.preferredVersion?.groupVersion;
      const versions = asArray(g.versions).map((v) => v?.groupVersion);
      for (const gv of [...versions.filter((v) => v === preferred), ...versions.filter((v) => v !== preferred)]) {
        const ok = typeof gv === 'string' && gv.startsWith(`${g.name}/`) && isVersion(gv.slice(g.name.length + 1));
        found.groupVersion(g.name, gv, ok ? `/apis/${gv}` : undefined);
      }
    }
  }
  found.report();
  if (found.pending.length === 0) return found.resources();
  const lists = await Promise.all(found.pending.map((gv) => fetchOrWarn<{ resources?: RawResource[] }>(client, gv.path, diagnostics)));
  found.pending.forEach((gv, i) => {
    for (const r of asArray(lists[i]?.resources)) found.add(gv.group, r?.name, r?.kind, r?.namespaced === true, r?.shortNames);
  });
  return found.resources();
}

class Found {
  readonly pending: { group: string; path: string }[] = [];
  private readonly byKey = new Map<string, DiscoveredResource>();
  private readonly subresources = new Map<string, Set<string>>();
  private readonly invalidNames: string[] = [];
  private groupVersions = 0;
  private any = false;

  constructor(private readonly diagnostics: Diagnostic[]) {}

  invalid(what: string): void {
    this.invalidNames.push(what);
  }

  /** A group version to read (classic discovery); `path` undefined when its name is not valid. */
  groupVersion(group: string, gv: unknown, path: string | undefined): void {
    if (!path) return this.invalid(`group version ${shortText(gv)}`);
    if (++this.groupVersions > MAX_GROUP_VERSIONS) return;
    this.any = true;
    this.pending.push({ group, path });
  }

  aggregated(list: Aggregated, core: boolean): void {
    for (const g of asArray(list.items)) {
      const group = core ? '' : g?.metadata?.name;
      if (!core && !isGroup(group)) {
        this.invalid(`group ${shortText(group)}`);
        continue;
      }
      for (const v of asArray(g?.versions)) {
        if (!isVersion(v?.version)) {
          this.invalid(`version ${shortText(v?.version)} of group ${shortText(group)}`);
          continue;
        }
        if (++this.groupVersions > MAX_GROUP_VERSIONS) return;
        this.any = true;
        const gv = group ? `${group}/${v.version}` : v.version;
        if (v.freshness === 'Stale') {
          this.diagnostics.push({ severity: 'warning', code: 'discovery-failed', message: `API discovery of ${gv} is stale (its API server did not answer the aggregator); its resources may be missing and are resolved from the built-in list`, source: { type: 'cluster', call: `GET /apis` } });
        }
        for (const r of asArray(v.resources)) {
          this.add(group as string, r?.resource, r?.responseKind?.kind, r?.scope === 'Namespaced', r?.shortNames);
          for (const s of asArray(r?.subresources)) if (typeof r?.resource === 'string' && typeof s?.subresource === 'string') this.add(group as string, `${r.resource}/${s.subresource}`, undefined, false, undefined);
        }
      }
    }
  }

  add(group: string, name: unknown, kind: unknown, namespaced: boolean, shortNames: unknown): void {
    if (typeof name !== 'string' || !name) return;
    const slash = name.indexOf('/');
    if (slash >= 0) {
      const key = `${group}/${name.slice(0, slash)}`;
      const set = this.subresources.get(key) ?? new Set<string>();
      set.add(name.slice(slash + 1));
      this.subresources.set(key, set);
      return;
    }
    const key = `${group}/${name}`;
    if (this.byKey.has(key)) return;
    this.byKey.set(key, { group, resource: name, kind: typeof kind === 'string' ? kind : '', namespaced, shortNames: asArray(shortNames as unknown[]).filter((s): s is string => typeof s === 'string') });
  }

  report(): void {
    if (this.invalidNames.length > 0) {
      const shown = this.invalidNames.slice(0, 5).join(', ');
      const more = this.invalidNames.length > 5 ? ` and ${this.invalidNames.length - 5} more` : '';
      this.diagnostics.push({ severity: 'warning', code: 'discovery-invalid', message: `API discovery named ${this.invalidNames.length} group${this.invalidNames.length === 1 ? '' : 's'} or version${this.invalidNames.length === 1 ? '' : 's'} that are not Kubernetes names (${shown}${more}); they were not requested, and their resources are resolved from the built-in list`, source: { type: 'cluster', call: 'GET /apis' } });
    }
    if (this.groupVersions > MAX_GROUP_VERSIONS) {
      this.diagnostics.push({ severity: 'warning', code: 'discovery-truncated', message: `API discovery listed ${this.groupVersions} group versions; only the first ${MAX_GROUP_VERSIONS} were read, and resources of the rest are resolved from the built-in list`, source: { type: 'cluster', call: 'GET /apis' } });
    }
  }

  resources(): DiscoveredResource[] | undefined {
    if (!this.any) return undefined;
    for (const [key, subs] of this.subresources) {
      const parent = this.byKey.get(key);
      if (parent) parent.subresources = [...subs].sort();
    }
    return [...this.byKey.values()];
  }
}

function isAggregated(body: unknown): body is Aggregated {
  return typeof body === 'object' && body !== null && (body as Aggregated).kind === 'APIGroupDiscoveryList';
}

/** The list the server's type says is there, or none: a hostile answer may put anything there. */
function asArray<T>(v: T[] | undefined | null): (T | undefined)[] {
  return Array.isArray(v) ? v : [];
}

async function fetchOrWarn<T>(client: ApiClient, path: string, diagnostics: Diagnostic[], accept?: string): Promise<T | undefined> {
  try {
    return await client.get<T>(path, {}, accept);
  } catch (err) {
    if (!(err instanceof ApiStatusError)) throw err;
    diagnostics.push({
      severity: 'warning',
      code: 'discovery-failed',
      message: `API discovery failed (${err.code}${err.reason ? ` ${err.reason}` : ''}: ${err.message}); resources of this API are resolved from the built-in list instead`,
      source: { type: 'cluster', call: err.call },
    });
    return undefined;
  }
}
