// What the outcome of each list means for the answers, one named diagnostic per way a list came
// out incomplete, so `--strict` counts every one. In namespace-limited mode, a 403 on the first
// page of a cluster-scoped list is expected; it is said once, as a warning when cluster-wide
// grants are what cannot be seen.
import type { Diagnostic } from '../model/diagnostic.js';
import { ClusterError } from '../errors.js';
import { ResponseTooLargeError } from './cluster-http.js';
import type { ListOutcome } from './cluster-list.js';

export function listDiagnostics(outcomes: readonly ListOutcome[], namespace: string | undefined): Diagnostic[] {
  const out: Diagnostic[] = [];
  const expectedForbidden: ListOutcome[] = [];
  for (const o of outcomes) {
    const what = `${o.spec.kind}s`;
    const source = { type: 'cluster' as const, call: o.call };
    const kept = o.pages > 0 ? `the ${o.items.length} ${what} of the ${o.pages} page${o.pages === 1 ? '' : 's'} read before are kept, the rest are missing` : `${what} are missing`;
    const incomplete = `${kept}, so answers may be incomplete (${o.spec.missing})`;
    if (o.wrongKind.size > 0) {
      const kinds = [...o.wrongKind].map(([k, n]) => `${n} of kind ${k}`).join(', ');
      out.push({ severity: 'error', code: 'list-wrong-kind', message: `the ${o.spec.kind}List held items of another kind (${kinds}); they were dropped and nothing of them is stored`, source });
    }
    if (o.stopped) {
      out.push({ severity: 'error', code: o.stopped.code, message: `${o.stopped.what}: ${incomplete}`, source });
      continue;
    }
    const e = o.error;
    if (!e) continue;
    if (e.code === 403 && namespace && !o.spec.namespaced && o.pages === 0) {
      expectedForbidden.push(o);
    } else if (e.code === 403) {
      out.push({ severity: 'warning', code: 'list-forbidden', message: `forbidden (403: ${e.message})${o.pages > 0 ? ` on page ${o.pages + 1}` : ''}: ${incomplete}`, source });
    } else if (o.expired) {
      out.push({ severity: 'warning', code: 'list-expired', message: `the list changed faster than it could be paged through (410 Gone twice: continue token expired); ${incomplete}`, source });
    } else if (e instanceof ResponseTooLargeError) {
      out.push({ severity: 'error', code: 'list-too-large', message: `page ${o.pages + 1} was larger than ${e.limit} bytes and was not read: ${incomplete}`, source });
    } else {
      // Only a 404 on the first page means the kind is not served; later it means the list broke.
      const notServed = e.code === 404 && o.pages === 0;
      const status = `${e.code}${e.reason ? ` ${e.reason}` : ''}: ${e.message}`;
      const how = notServed
        ? 'not served by this cluster (404)'
        : `failed${o.pages > 0 ? ` on page ${o.pages + 1}` : ''} (${status})${e.code === 429 || e.code >= 500 ? ' after retries' : ''}`;
      out.push({ severity: notServed ? 'warning' : 'error', code: 'list-failed', message: `${how}: ${incomplete}`, source });
    }
  }
  if (namespace) out.unshift(namespaceLimited(namespace, expectedForbidden));
  return out;
}

function namespaceLimited(namespace: string, forbidden: readonly ListOutcome[]): Diagnostic {
  const base = `only namespace ${namespace} was read (-n ${namespace}): Roles, RoleBindings and ServiceAccounts of other namespaces are not in this snapshot`;
  if (forbidden.length === 0) return { severity: 'info', code: 'namespace-limited', message: base };
  const calls = forbidden.map((o) => `${o.spec.kind}s (${o.call})`).join(', ');
  const effects = forbidden.map((o) => o.spec.missing).join('; ');
  // Grants through ClusterRoleBindings, and RoleBindings to ClusterRoles, are then invisible.
  const hidesGrants = forbidden.some((o) => o.spec.kind === 'ClusterRoleBinding' || o.spec.kind === 'ClusterRole');
  return {
    severity: hidesGrants ? 'warning' : 'info',
    code: 'namespace-limited',
    message: `${base}. Not allowed to list ${calls} (403, expected for an identity limited to a namespace): ${effects}${hidesGrants ? '. Cluster-wide grants cannot be seen: answers show only what the RoleBindings of this namespace grant' : ''}`,
  };
}

/** Every list failed, or every RBAC list did with nothing read: no answer can rest on this. */
export function nothingRead(outcomes: readonly ListOutcome[], server: string): ClusterError | undefined {
  const failed = (o: ListOutcome) => (o.error !== undefined || o.stopped !== undefined) && o.items.length === 0;
  const rbac = outcomes.filter((o) => o.spec.apiVersion.startsWith('rbac.authorization.k8s.io/'));
  if (!outcomes.every(failed) && !rbac.every(failed)) return undefined;
  const why = rbac.map((o) => `${o.call}: ${o.error ? `${o.error.code}${o.error.reason ? ` ${o.error.reason}` : ''}` : o.stopped?.code}`).join('; ');
  return new ClusterError(`no Role, ClusterRole or binding could be read from ${server} (${why}); there is nothing to answer from`);
}
