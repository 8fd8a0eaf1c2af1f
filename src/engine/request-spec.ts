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

/** How a cluster-scoped request's note ends when -n was given: a caller whose -n meant something else (an object SUBJECT's namespace) rewrites it. */
export const NAMESPACE_IGNORED = '; -n ignored';

export function resolveRequest(spec: RequestSpec, catalogue: ResourceCatalogue): ResolvedRequest {
  const notes: string[] = [];
  const verb = spec.verb;
  if (!verb) throw new UsageError('a verb is needed, e.g. get, list, create, delete, impersonate, bind');
  if (verb !== verb.toLowerCase()) notes.push(`verbs are case-sensitive: "${verb}" is not "${verb.toLowerCase()}"`);
  if (spec.resource.startsWith('/')) {
    if (spec.namespace) notes.push('non-resource URLs have no namespace; -n is ignored');
    return { request: { kind: 'nonResource', verb, path: spec.resource }, allNamespaces: false, notes };
  }

  const slash = spec.resource.indexOf('/');
  const text = slash >= 0 ? spec.resource.slice(0, slash) : spec.resource;
  const after = slash >= 0 ? spec.resource.slice(slash + 1) : undefined;
  if (after !== undefined && (!after || after.includes('/'))) throw new UsageError(`resource "${spec.resource}": expected RESOURCE/SUBRESOURCE or RESOURCE/NAME, e.g. pods/exec or secrets/db-password`);
  let group = spec.apiGroup;
  let name = text;
  const dot = text.indexOf('.');
  if (dot >= 0 && group === undefined) {
    name = text.slice(0, dot);
    group = text.slice(dot + 1);
  }
  // "*" is every resource, and without a group every API group: the authorizer matches it
  // literally, so only rules with resources "*" (or "*/sub") and apiGroups "*" answer it.
  const wildcard = name === '*';
  if (wildcard && group === undefined) group = '*';
  let matches = wildcard ? [] : catalogue.lookup(name, group);
  if (group === undefined && matches.length > 1) matches = [matches[0]!];
  const found = matches[0];
  const resource = found ? found.resource : name;
  if (found && found.resource !== name) notes.push(`"${name}" is ${found.resource}${found.group ? `.${found.group}` : ''}`);
  if (wildcard) {
    if (group === '*') notes.push('"*" is every resource of every API group, as the authorizer matches it: only rules with apiGroups "*" answer (use *.GROUP or --api-group for one group)');
  } else if (!found && group === undefined) {
    notes.push(`"${name}" is not a known resource and no API group was given: rules of any API group match (use RESOURCE.GROUP or --api-group to be exact)`);
  } else if (!found) {
    notes.push(`"${name}.${group}" is not a known resource; answering as a namespaced resource of that group`);
  }
  const split = readSlash(spec, after, { isSubresource: catalogue.hasSubresource(found, resource, group, after ?? ''), knownResource: found !== undefined || wildcard, hasObjects: !found?.virtual }, text);
  notes.push(...split.notes);
  const subresource = split.subresource;
  const apiGroup = found ? found.group : group;
  // bind on a ClusterRole is checked in the namespace of the RoleBinding being created (spec §10.2).
  const bindsClusterRole = verb === 'bind' && resource === 'clusterroles' && apiGroup === 'rbac.authorization.k8s.io';
  const namespaced = bindsClusterRole || (found ? found.namespaced : true);
  let namespace = '';
  let allNamespaces = false;
  let reqName = split.name;

  if (apiGroup === '' && resource === 'namespaces' && reqName) {
    // GET /api/v1/namespaces/NAME carries namespace NAME (requestinfo.go), so a RoleBinding in it applies.
    namespace = reqName;
    if (spec.namespace && spec.namespace !== reqName) notes.push(`a request on namespace ${reqName} is evaluated in namespace ${reqName}; -n ${spec.namespace} ignored`);
  } else if (!namespaced) {
    if (spec.namespace) notes.push(`${resource} is cluster-scoped: only ClusterRoleBindings can grant it${NAMESPACE_IGNORED}`);
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

/**
 * RESOURCE/X, as kubectl reads TYPE/NAME (kubectl auth can-i, cani.go: Complete), except that
 * a known subresource of RESOURCE is read as that subresource, as the documentation and most
 * users mean `pods/exec`. Whenever X could be either, a note says which reading was taken.
 */
interface SlashContext {
  /** X is a subresource of RESOURCE (in this Kubernetes version, or as the CRD declares). */
  isSubresource: boolean;
  /** RESOURCE is known, so the subresources it serves are known too. */
  knownResource: boolean;
  /** RESOURCE has objects that could be named X (users/groups/userextras have none). */
  hasObjects: boolean;
}

function readSlash(spec: RequestSpec, after: string | undefined, ctx: SlashContext, typed: string): { subresource: string; name: string; notes: string[] } {
  const named = spec.name ?? '';
  if (after === undefined) return { subresource: spec.subresource ?? '', name: named, notes: [] };
  const twice = () => new UsageError(`"${spec.resource}" already names the object ${after}, and a name "${named}" is given too: name it once (${typed}/${after} or ${typed} ${after})`);
  if (spec.subresource !== undefined && spec.subresource !== '') {
    // kubectl auth can-i get pods/NAME --subresource log: X is the name.
    if (named) throw twice();
    const notes = ctx.isSubresource ? [`${spec.resource} is read as the object named ${after}, since --subresource ${spec.subresource} gives the subresource`] : [];
    return { subresource: spec.subresource, name: after, notes };
  }
  if (ctx.isSubresource) {
    if (!ctx.hasObjects) return { subresource: after, name: named, notes: [] };
    const note = `${spec.resource} is read as subresource ${after} of ${typed}; to ask about an object named ${after}, write ${typed} ${after} (or --name ${after})`;
    return { subresource: after, name: named, notes: [note] };
  }
  if (named) throw twice();
  const notes = ctx.knownResource ? [] : [`${spec.resource} is read as the object named ${after}, as kubectl reads TYPE/NAME (${typed} is not a known resource, so its subresources are unknown); for a subresource, write ${typed} --subresource ${after}`];
  return { subresource: '', name: after, notes };
}
