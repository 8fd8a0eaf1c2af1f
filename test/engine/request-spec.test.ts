// Request modelling (spec §2): what a person types -> the attributes the authorizer sees.
import { describe, expect, test } from 'vitest';
import { resolveRequest } from '../../src/engine/request-spec.js';
import { ResourceCatalogue } from '../../src/engine/resource-catalogue.js';
import { UsageError } from '../../src/errors.js';

const catalogue = new ResourceCatalogue([
  { kind: 'CustomResourceDefinition', name: 'widgets.example.com', labels: {}, annotations: {}, source: { type: 'builtin' }, group: 'example.com', plural: 'widgets', singular: 'widget', shortNames: ['wd'], resourceKind: 'Widget', namespaced: true },
]);

describe('resolveRequest', () => {
  test.each([
    ['a plural core resource', { verb: 'get', resource: 'pods', namespace: 'prod' }, { apiGroup: '', resource: 'pods', subresource: '', namespace: 'prod' }, false],
    ['a short name', { verb: 'get', resource: 'po', namespace: 'prod' }, { apiGroup: '', resource: 'pods' }, false],
    ['a short name of another group', { verb: 'list', resource: 'deploy', namespace: 'prod' }, { apiGroup: 'apps', resource: 'deployments' }, false],
    ['a kind name', { verb: 'get', resource: 'Deployment', namespace: 'prod' }, { apiGroup: 'apps', resource: 'deployments' }, false],
    ['resource.group', { verb: 'get', resource: 'deployments.apps', namespace: 'prod' }, { apiGroup: 'apps', resource: 'deployments' }, false],
    ['resource.group/subresource', { verb: 'update', resource: 'deployments.apps/scale', namespace: 'prod' }, { apiGroup: 'apps', resource: 'deployments', subresource: 'scale' }, false],
    ['a subresource', { verb: 'create', resource: 'pods/exec', namespace: 'prod' }, { apiGroup: '', resource: 'pods', subresource: 'exec' }, false],
    ['--subresource', { verb: 'get', resource: 'pods', subresource: 'log', namespace: 'prod' }, { resource: 'pods', subresource: 'log' }, false],
    ['a CRD from the input', { verb: 'get', resource: 'wd', namespace: 'prod' }, { apiGroup: 'example.com', resource: 'widgets' }, false],
    ['no namespace on a namespaced resource means every namespace', { verb: 'get', resource: 'secrets' }, { namespace: '' }, true],
    ['a cluster-scoped resource ignores -n', { verb: 'get', resource: 'nodes', namespace: 'prod' }, { namespace: '' }, false],
    ['a namespace object carries its own namespace', { verb: 'patch', resource: 'namespaces', name: 'prod' }, { resource: 'namespaces', name: 'prod', namespace: 'prod' }, false],
    ['listing namespaces is a cluster-scope request', { verb: 'list', resource: 'ns' }, { resource: 'namespaces', namespace: '' }, false],
    ['impersonate users: a virtual cluster-scoped resource', { verb: 'impersonate', resource: 'users' }, { apiGroup: '', resource: 'users', namespace: '' }, false],
    ['an unknown resource without group matches any group', { verb: 'get', resource: 'gizmos', namespace: 'prod' }, { apiGroup: undefined, resource: 'gizmos' }, false],
    ['--api-group picks among same-named resources', { verb: 'get', resource: 'events', apiGroup: 'events.k8s.io', namespace: 'x' }, { apiGroup: 'events.k8s.io', resource: 'events' }, false],
    ['--api-group "" is the core group', { verb: 'get', resource: 'events', apiGroup: '', namespace: 'x' }, { apiGroup: '', resource: 'events' }, false],
    ['bind on a ClusterRole is evaluated in the namespace of the binding to be created', { verb: 'bind', resource: 'clusterroles', name: 'edit', namespace: 'ns1' }, { apiGroup: 'rbac.authorization.k8s.io', resource: 'clusterroles', namespace: 'ns1' }, false],
    ['deletecollection drops the name', { verb: 'deletecollection', resource: 'pods', name: 'p', namespace: 'x' }, { name: '' }, false],
  ])('%s', (_name, spec, expected, allNamespaces) => {
    const r = resolveRequest(spec, catalogue);
    expect(r.request).toMatchObject({ kind: 'resource', ...expected });
    expect(r.allNamespaces).toBe(allNamespaces);
  });

  test('a path is a non-resource request', () => {
    expect(resolveRequest({ verb: 'get', resource: '/metrics' }, catalogue).request).toEqual({ kind: 'nonResource', verb: 'get', path: '/metrics' });
  });

  test('an unknown resource says that any group matches', () => {
    expect(resolveRequest({ verb: 'get', resource: 'gizmos' }, catalogue).notes.join(' ')).toMatch(/any API group/);
  });

  test('a bad subresource is a usage error', () => {
    expect(() => resolveRequest({ verb: 'get', resource: 'pods/' }, catalogue)).toThrow(UsageError);
  });
});
