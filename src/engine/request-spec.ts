// What a person types for a request -> authorizer attributes (spec §2), using the resource
// catalogue: `pods`, `po`, `pods/exec`, `deployments.apps`, `deployments.apps/scale`, `/metrics`.
import { UsageError } from '../errors.js';
import type { Request } from '../model/request.js';
import type { ResourceCatalogue } from './resource-catalogue.js';

export interface RequestSpec {
  verb: string;
  resource: string;
  name?: string;
  namespace?: string;
  allNamespaces?: boolean;
  apiGroup?: string;
  subresource?: string;
}

export interface ResolvedRequest {
  request: Request;
  /** -A: every namespace at once, each RoleBinding answering for its own. */
  allNamespaces: boolean;
  notes: string[];
}

export function resolveRequest(spec: RequestSpec, catalogue: ResourceCatalogue): ResolvedRequest {
  const notes: string[] = [];
  const verb = spec.verb;
  if (!verb) throw new UsageError('a verb is needed, e.g. get, list, create, delete, impersonate, bind');
  if (verb !== verb.toLowerCase()) notes.push(`verbs are case-sensitive: "${verb}" is not "${verb.toLowerCase()}"`);
  if (spec.resource.startsWith('/')) {
    if (spec.namespace) notes.push('non-resource URLs have no namespace; -n is ignored');
    return { request: { kind: 'nonResource', verb, path: spec.resource }, allNamespaces: false, notes };
  }

  let text = spec.resource;
  let subresource = spec.subresource ?? '';
  const slash = text.indexOf('/');
  if (slash >= 0) {
    if (subresource) throw new UsageError(`resource "${spec.resource}" already names a subresource; drop --subresource`);
    subresource = text.slice(slash + 1);
    text = text.slice(0, slash);
    if (!subresource || subresource.includes('/')) throw new UsageError(`resource "${spec.resource}": expected RESOURCE/SUBRESOURCE, e.g. pods/exec`);
  }
  let group = spec.apiGroup;
  let name = text;
  const dot = text.indexOf('.');
  if (dot >= 0 && group === undefined) {
    name = text.slice(0, dot);
    group = text.slice(dot + 1);
  }
  let matches = catalogue.lookup(name, group);
  if (group === undefined && matches.length > 1) matches = [matches[0]!];
  const found = matches[0];
  const resource = found ? found.resource : name;
  if (found && found.resource !== name) notes.push(`"${name}" is ${found.resource}${found.group ? `.${found.group}` : ''}`);
  if (!found && group === undefined) {
    notes.push(`"${name}" is not a known resource and no API group was given: rules of any API group match (use RESOURCE.GROUP or --api-group to be exact)`);
  } else if (!found) {
    notes.push(`"${name}.${group}" is not a known resource; answering as a namespaced resource of that group`);
  }
  const apiGroup = found ? found.group : group;
  // bind on a ClusterRole is checked in the namespace of the RoleBinding being created (spec §10.2).
  const bindsClusterRole = verb === 'bind' && resource === 'clusterroles' && apiGroup === 'rbac.authorization.k8s.io';
  const namespaced = bindsClusterRole || (found ? found.namespaced : true);
  let namespace = '';
  let allNamespaces = false;
  let reqName = spec.name ?? '';

  if (apiGroup === '' && resource === 'namespaces' && reqName) {
    // GET /api/v1/namespaces/NAME carries namespace NAME (requestinfo.go), so a RoleBinding in it applies.
    namespace = reqName;
    if (spec.namespace && spec.namespace !== reqName) notes.push(`a request on namespace ${reqName} is evaluated in namespace ${reqName}; -n ${spec.namespace} ignored`);
  } else if (!namespaced) {
    if (spec.namespace) notes.push(`${resource} is cluster-scoped: only ClusterRoleBindings can grant it; -n ignored`);
  } else if (spec.namespace) {
    namespace = spec.namespace;
  } else {
    allNamespaces = true;
  }
  if (spec.allNamespaces && !namespaced) allNamespaces = false;
  if (reqName && verb === 'create' && !subresource) notes.push('a POST create carries no name (only server-side apply or PUT creates do), so rules restricted by resourceNames do not allow `kubectl create`');
  if (reqName && verb === 'deletecollection') {
    notes.push('deletecollection never carries a name; the name is ignored');
    reqName = '';
  }
  return {
    request: { kind: 'resource', verb, apiGroup, resource, subresource, name: reqName, namespace },
    allNamespaces,
    notes,
  };
}
