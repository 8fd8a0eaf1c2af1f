// Request modelling (spec §2): what a person types -> the attributes the authorizer sees.
import { describe, expect, test } from 'vitest';
import { resolveRequest } from '../../src/engine/request-spec.js';
import { ResourceCatalogue } from '../../src/engine/resource-catalogue.js';
import { UsageError } from '../../src/errors.js';
import type { CustomResource } from '../../src/model/rbac.js';

const crd = (plural: string, subresources?: string[]): CustomResource => ({
  kind: 'CustomResourceDefinition', name: `${plural}.example.com`, labels: {}, annotations: {}, source: { type: 'builtin' }, group: 'example.com', plural, singular: plural.slice(0, -1), shortNames: plural === 'widgets' ? ['wd'] : [], resourceKind: plural, namespaced: true, ...(subresources ? { subresources } : {}),
});
const catalogue = new ResourceCatalogue([crd('widgets', ['status', 'scale']), crd('gadgets')]);

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

// kubectl auth can-i reads TYPE/NAME as a name (staging/src/k8s.io/kubectl/pkg/cmd/auth/cani.go:
// Complete); rbac reads X as a subresource only when RESOURCE serves one of that name.
describe('RESOURCE/X: a known subresource, otherwise a name', () => {
  test.each([
    ['a name after a resource with no subresources', { verb: 'get', resource: 'secrets/registry-credentials', namespace: 'prod' }, { resource: 'secrets', subresource: '', name: 'registry-credentials' }],
    ['a name after a resource whose subresources do not include it', { verb: 'get', resource: 'pods/web-0', namespace: 'prod' }, { resource: 'pods', subresource: '', name: 'web-0' }],
    ['kubectl\'s own example: jobs.batch/bar', { verb: 'list', resource: 'jobs.batch/bar', namespace: 'foo' }, { apiGroup: 'batch', resource: 'jobs', subresource: '', name: 'bar' }],
    ['a known subresource of pods', { verb: 'get', resource: 'pods/log', namespace: 'prod' }, { resource: 'pods', subresource: 'log', name: '' }],
    ['a known subresource with a NAME argument', { verb: 'create', resource: 'pods/exec', name: 'web-0', namespace: 'prod' }, { resource: 'pods', subresource: 'exec', name: 'web-0' }],
    ['a known subresource through a short name', { verb: 'update', resource: 'deploy/scale', namespace: 'prod' }, { apiGroup: 'apps', resource: 'deployments', subresource: 'scale' }],
    ['serviceaccounts/token', { verb: 'create', resource: 'sa/token', namespace: 'prod' }, { resource: 'serviceaccounts', subresource: 'token' }],
    ['certificatesigningrequests/approval', { verb: 'update', resource: 'csr/approval' }, { apiGroup: 'certificates.k8s.io', resource: 'certificatesigningrequests', subresource: 'approval' }],
    ['namespaces/finalize', { verb: 'update', resource: 'namespaces/finalize' }, { resource: 'namespaces', subresource: 'finalize', name: '' }],
    ['namespaces/NAME is the namespace object, in its own namespace', { verb: 'get', resource: 'namespaces/prod' }, { resource: 'namespaces', subresource: '', name: 'prod', namespace: 'prod' }],
    ['a CRD status it declares', { verb: 'patch', resource: 'widgets/status', namespace: 'x' }, { apiGroup: 'example.com', resource: 'widgets', subresource: 'status' }],
    ['a CRD status it does not declare is a name', { verb: 'patch', resource: 'gadgets/status', namespace: 'x' }, { apiGroup: 'example.com', resource: 'gadgets', subresource: '', name: 'status' }],
    ['an unknown resource: X is a name', { verb: 'get', resource: 'gizmos/status', namespace: 'x' }, { resource: 'gizmos', subresource: '', name: 'status' }],
    ['impersonating an extra: any key is the subresource of userextras', { verb: 'impersonate', resource: 'userextras/scopes' }, { apiGroup: 'authentication.k8s.io', resource: 'userextras', subresource: 'scopes' }],
    ['with --subresource, X is the name (as kubectl)', { verb: 'get', resource: 'pods/web-0', subresource: 'log', namespace: 'prod' }, { resource: 'pods', subresource: 'log', name: 'web-0' }],
    ['*/scale: a subresource some resource serves', { verb: 'update', resource: '*/scale' }, { apiGroup: '*', resource: '*', subresource: 'scale' }],
  ])('%s', (_name, spec, expected) => {
    expect(resolveRequest(spec, catalogue).request).toMatchObject({ kind: 'resource', ...expected });
  });

  test.each([
    ['pods/log', 'pods/log is read as subresource log of pods; to ask about an object named log, write pods log (or --name log)'],
    ['gizmos/status', 'gizmos/status is read as the object named status, as kubectl reads TYPE/NAME'],
    ['pods/exec --subresource log', 'pods/exec is read as the object named exec, since --subresource log gives the subresource'],
  ])('a note says which reading %s took', (typed, note) => {
    const [resource, , subresource] = typed.split(' ');
    const r = resolveRequest({ verb: 'get', resource: resource!, namespace: 'x', ...(subresource ? { subresource } : {}) }, catalogue);
    expect(r.notes.join('\n')).toContain(note);
  });

  test.each([['secrets/registry-credentials'], ['pods/web-0']])('no note when %s can only be a name', (resource) => {
    expect(resolveRequest({ verb: 'get', resource, namespace: 'x' }, catalogue).notes).toEqual([]);
  });

  test.each([
    ['RESOURCE/NAME and a NAME argument', { verb: 'get', resource: 'secrets/a', name: 'b', namespace: 'x' }],
    ['RESOURCE/NAME, --subresource and a NAME argument', { verb: 'get', resource: 'pods/a', subresource: 'log', name: 'b', namespace: 'x' }],
    ['RESOURCE/X/Y', { verb: 'get', resource: 'pods/a/log', namespace: 'x' }],
  ])('a usage error: %s', (_name, spec) => {
    expect(() => resolveRequest(spec, catalogue)).toThrow(UsageError);
  });

  test.each([
    ['1.32', ''],
    ['1.33', 'resize'],
    ['v1.35.0', 'resize'],
  ])('pods/resize is a subresource from Kubernetes 1.33 on (version %s)', (kubernetesVersion, subresource) => {
    const r = resolveRequest({ verb: 'patch', resource: 'pods/resize', namespace: 'x' }, new ResourceCatalogue([], [], { kubernetesVersion }));
    expect(r.request).toMatchObject({ resource: 'pods', subresource, name: subresource ? '' : 'resize' });
  });

  test('an unreadable Kubernetes version is a usage error', () => {
    expect(() => new ResourceCatalogue([], [], { kubernetesVersion: 'latest' })).toThrow(UsageError);
  });

  test('discovery of a live cluster says which subresources exist', () => {
    const discovered = [{ group: '', resource: 'pods', kind: 'Pod', namespaced: true, shortNames: ['po'], subresources: ['log'] }];
    const live = new ResourceCatalogue([], discovered);
    expect(resolveRequest({ verb: 'get', resource: 'pods/log', namespace: 'x' }, live).request).toMatchObject({ subresource: 'log' });
    expect(resolveRequest({ verb: 'create', resource: 'pods/exec', namespace: 'x' }, live).request).toMatchObject({ subresource: '', name: 'exec' });
  });
});

// The authorizer compares "*" literally (spec §6): a request for "*" is answered only by rules
// holding "*" themselves.
describe('wildcards in the request mean all', () => {
  test.each([
    ['* without a group is every resource of every API group', { verb: '*', resource: '*' }, { verb: '*', apiGroup: '*', resource: '*' }],
    ['*.GROUP is every resource of that group', { verb: 'get', resource: '*.apps' }, { apiGroup: 'apps', resource: '*' }],
    ['* with --api-group is every resource of that group', { verb: 'get', resource: '*', apiGroup: '' }, { apiGroup: '', resource: '*' }],
    ['verb * is every verb, on a named resource', { verb: '*', resource: 'pods', namespace: 'x' }, { verb: '*', apiGroup: '', resource: 'pods' }],
  ])('%s', (_name, spec, expected) => {
    expect(resolveRequest(spec, catalogue).request).toMatchObject({ kind: 'resource', ...expected });
  });

  test('"*" says that only rules of every API group answer it', () => {
    expect(resolveRequest({ verb: '*', resource: '*' }, catalogue).notes.join(' ')).toMatch(/every resource of every API group.*apiGroups "\*"/);
  });
});
