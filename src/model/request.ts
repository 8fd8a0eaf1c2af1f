// The attributes the RBAC authorizer evaluates (k8s.io/apiserver RequestInfo + user.Info), in the
// exact form it compares them: lower-case verbs, plural resources, namespace "" for cluster scope.

export interface ResourceRequest {
  kind: 'resource';
  verb: string;
  /** undefined = "any group": used when the user named a resource we cannot place in a group. */
  apiGroup: string | undefined;
  resource: string;
  subresource: string;
  name: string;
  /** "" = a cluster-scope request (cluster-scoped resource, or all namespaces at once). */
  namespace: string;
}

export interface NonResourceRequest {
  kind: 'nonResource';
  verb: string;
  path: string;
}

export type Request = ResourceRequest | NonResourceRequest;

/** An authenticated identity: only the name and the groups matter to RBAC. */
export interface UserInfo {
  name: string;
  groups: string[];
}

export function resourceRequest(r: Partial<Omit<ResourceRequest, 'kind'>> & { verb: string; resource: string }): ResourceRequest {
  return {
    kind: 'resource',
    verb: r.verb,
    apiGroup: 'apiGroup' in r ? r.apiGroup : '',
    resource: r.resource,
    subresource: r.subresource ?? '',
    name: r.name ?? '',
    namespace: r.namespace ?? '',
  };
}

export function nonResourceRequest(verb: string, path: string): NonResourceRequest {
  return { kind: 'nonResource', verb, path };
}

export function describeRequest(req: Request, allNamespaces = false): string {
  if (req.kind === 'nonResource') return `${req.verb} ${req.path}`;
  const grp = req.apiGroup === undefined ? '.*' : req.apiGroup ? `.${req.apiGroup}` : '';
  const res = `${req.resource}${grp}${req.subresource ? `/${req.subresource}` : ''}`;
  const name = req.name ? ` ${req.name}` : '';
  const where = req.namespace ? ` in namespace ${req.namespace}` : allNamespaces ? ' in any namespace' : ' (cluster scope)';
  return `${req.verb} ${res}${name}${where}`;
}
