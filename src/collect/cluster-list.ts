// One kind listed page by page (limit + continue, as kubectl's --chunk-size and client-go's pager
// do), with every way a list can stop short recorded, never taken as the end of the list: an
// error status, a 200 that is not the expected <Kind>List, a continue token seen before, more
// pages or objects than any cluster holds. Items of another kind are dropped here, before
// anything of them can reach the snapshot.
import type { RbacObject } from '../model/rbac.js';
import type { WorkloadKind } from '../model/workload.js';
import { ApiStatusError, type ApiClient } from './cluster-http.js';

export interface ListKind {
  kind: RbacObject['kind'] | WorkloadKind;
  apiVersion: string;
  resource: string;
  namespaced: boolean;
  /** What answers lack when this list is missing. */
  missing: string;
}

export interface ListLimits {
  /** Objects per list page (the `limit` parameter). Default 500, as kubectl's --chunk-size. */
  pageSize?: number;
  /** Pages one list may take before it is given up as runaway. Default 20,000. */
  maxListPages?: number;
  /** Objects one list may hold. Default 2,000,000. */
  maxListItems?: number;
}

export interface ListOutcome {
  spec: ListKind;
  call: string;
  /** Objects of the list's kind, in the order read. */
  items: unknown[];
  /** Pages read successfully. */
  pages: number;
  /** The call that ended the list with an error status. */
  error?: ApiStatusError;
  /** The continue token expired again after one restart. */
  expired?: boolean;
  /** The list ended early for another reason: a diagnostic code and what happened. */
  stopped?: { code: 'list-not-a-list' | 'list-continue-loop' | 'list-too-long'; what: string };
  /** Items of another kind or apiVersion, dropped: "Secret" -> 2. */
  wrongKind: Map<string, number>;
}

export function listPath(k: { apiVersion: string; resource: string; namespaced: boolean }, namespace?: string): string {
  const prefix = k.apiVersion.includes('/') ? `/apis/${k.apiVersion}` : `/api/${k.apiVersion}`;
  return namespace && k.namespaced ? `${prefix}/namespaces/${encodeURIComponent(namespace)}/${k.resource}` : `${prefix}/${k.resource}`;
}

interface ListBody {
  kind?: unknown;
  items?: unknown;
  metadata?: { continue?: unknown };
}

export async function listAll(client: ApiClient, spec: ListKind, namespace: string | undefined, limits: ListLimits, onCount: (n: number) => void): Promise<ListOutcome> {
  const path = listPath(spec, namespace);
  const maxPages = limits.maxListPages ?? 20_000;
  const maxItems = limits.maxListItems ?? 2_000_000;
  let restarted = false;
  for (;;) {
    const o: ListOutcome = { spec, call: `GET ${path}`, items: [], pages: 0, wrongKind: new Map() };
    const seen = new Set<string>();
    let token: string | undefined;
    try {
      do {
        const page = await client.get<ListBody>(path, { limit: limits.pageSize ?? 500, continue: token });
        if (!isObject(page) || page.kind !== `${spec.kind}List` || !Array.isArray(page.items)) {
          o.stopped = { code: 'list-not-a-list', what: `answered 200 with ${describeBody(page)} instead of a ${spec.kind}List with an items list` };
          return o;
        }
        o.pages++;
        for (const item of page.items) keep(o, item);
        const next = (page.metadata as ListBody["metadata"])?.continue;
        token = typeof next === 'string' && next !== '' ? next : undefined;
        if (token !== undefined && seen.has(token)) {
          o.stopped = { code: 'list-continue-loop', what: `returned a continue token it had returned before (on page ${o.pages}); paging on would never end` };
          return o;
        }
        if (token !== undefined) seen.add(token);
        if (token !== undefined && (o.pages >= maxPages || o.items.length >= maxItems)) {
          o.stopped = { code: 'list-too-long', what: `still had more after ${o.pages} pages and ${o.items.length} objects (the limits are ${maxPages} pages and ${maxItems} objects)` };
          return o;
        }
        onCount(o.items.length);
      } while (token);
      return o;
    } catch (err) {
      if (!(err instanceof ApiStatusError)) throw err;
      // 410 Gone: the continue token outlived etcd's compaction window. Start over once, as the
      // token's own message suggests; a list that expires twice is changing too fast to page.
      if (err.code === 410 && !restarted) {
        restarted = true;
        onCount(0);
        continue;
      }
      return { ...o, error: err, expired: err.code === 410 };
    }
  }
}

// List items carry no kind or apiVersion (the list's type names them); one that names another
// is not relabelled: a Secret inside a RoleList is not a Role, and none of it is kept.
function keep(o: ListOutcome, item: unknown): void {
  if (isObject(item) && ((item.kind !== undefined && item.kind !== o.spec.kind) || (item.apiVersion !== undefined && item.apiVersion !== o.spec.apiVersion))) {
    const label = `${shortText(item.kind)} (${shortText(item.apiVersion)})`;
    o.wrongKind.set(label, (o.wrongKind.get(label) ?? 0) + 1);
    return;
  }
  o.items.push(isObject(item) ? { ...item, apiVersion: o.spec.apiVersion, kind: o.spec.kind } : item);
}

function describeBody(body: unknown): string {
  if (!isObject(body)) return Array.isArray(body) ? 'a JSON list' : `a JSON ${body === null ? 'null' : typeof body}`;
  const kind = body.kind === undefined ? 'an object without kind' : `kind ${shortText(body.kind)}`;
  const items = !('items' in body) ? 'no items' : Array.isArray(body.items) ? 'items' : `items ${body.items === null ? 'null' : `of type ${typeof body.items}`}`;
  return `${kind} and ${items}`;
}

/** A value from the server, safe to quote: a string of at most 60 characters, JSON-quoted. */
export function shortText(v: unknown): string {
  if (v === undefined) return 'none';
  const s = typeof v === 'string' ? v : typeof v;
  return JSON.stringify(s.length > 60 ? `${s.slice(0, 60)}…` : s);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
