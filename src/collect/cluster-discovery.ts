// API discovery (/api, /apis, then each group version's resource list), as `kubectl
// api-resources` reads it: the resources this cluster actually serves, with scope and short
// names, so `po`, `deploy` or a CRD's short name resolve as they would against this cluster.
// A group version that cannot be read (an aggregated API whose backend is down is the usual
// case) is a warning, as kubectl's "couldn't get resource list for ..." is.
import type { ApiResource } from '../model/catalogue.js';
import type { Diagnostic } from '../model/diagnostic.js';
import { ApiStatusError, type ApiClient } from './cluster-http.js';

/** An ApiResource with the subresources discovery lists for it (pods -> exec, log, status, ...). */
export interface DiscoveredResource extends ApiResource {
  subresources?: string[];
}

interface ApiVersions {
  versions?: string[];
}
interface ApiGroupList {
  groups?: { name?: string; versions?: { groupVersion?: string }[]; preferredVersion?: { groupVersion?: string } }[];
}
interface ApiResourceList {
  resources?: { name?: string; kind?: string; namespaced?: boolean; shortNames?: string[] }[];
}

/** `core` is the already fetched answer of GET /api (the run's first call, which checks the connection). */
export async function discoverResources(client: ApiClient, core: ApiVersions | undefined, diagnostics: Diagnostic[]): Promise<DiscoveredResource[] | undefined> {
  const groupVersions: { group: string; path: string }[] = (core?.versions ?? []).map((v) => ({ group: '', path: `/api/${v}` }));
  const groups = await fetchOrWarn<ApiGroupList>(client, '/apis', diagnostics);
  for (const g of groups?.groups ?? []) {
    if (!g.name) continue;
    // The preferred version first: its entry wins when several versions serve a resource.
    const preferred = g.preferredVersion?.groupVersion;
    const versions = (g.versions ?? []).map((v) => v.groupVersion).filter((v): v is string => !!v);
    for (const gv of [...versions.filter((v) => v === preferred), ...versions.filter((v) => v !== preferred)]) {
      groupVersions.push({ group: g.name, path: `/apis/${gv}` });
    }
  }
  if (groupVersions.length === 0) return undefined;

  const lists = await Promise.all(groupVersions.map((gv) => fetchOrWarn<ApiResourceList>(client, gv.path, diagnostics)));
  const byKey = new Map<string, DiscoveredResource>();
  const subresources = new Map<string, Set<string>>();
  groupVersions.forEach((gv, i) => {
    for (const r of lists[i]?.resources ?? []) {
      if (!r.name) continue;
      const slash = r.name.indexOf('/');
      if (slash >= 0) {
        const key = `${gv.group}/${r.name.slice(0, slash)}`;
        const set = subresources.get(key) ?? new Set<string>();
        set.add(r.name.slice(slash + 1));
        subresources.set(key, set);
        continue;
      }
      const key = `${gv.group}/${r.name}`;
      if (byKey.has(key)) continue;
      byKey.set(key, { group: gv.group, resource: r.name, kind: r.kind ?? '', namespaced: r.namespaced === true, shortNames: Array.isArray(r.shortNames) ? r.shortNames.filter((s) => typeof s === 'string') : [] });
    }
  });
  for (const [key, subs] of subresources) {
    const parent = byKey.get(key);
    if (parent) parent.subresources = [...subs].sort();
  }
  return [...byKey.values()];
}

async function fetchOrWarn<T>(client: ApiClient, path: string, diagnostics: Diagnostic[]): Promise<T | undefined> {
  try {
    return await client.get<T>(path);
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
