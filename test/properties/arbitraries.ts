// fast-check generators of RBAC worlds as raw manifests (what a user writes in YAML), of the
// requests the API server would make of them, and of identities. Small vocabularies, so that
// rules, subjects and requests collide often: wildcards in verbs/groups/resources, subresources
// including `*/scale` and `pods/*`, resourceNames, nonResourceURLs with a trailing `*`,
// aggregation by labels (nested), missing roles, ServiceAccount subjects with and without a
// namespace, lower-case `user` kinds, implicit groups and system:masters.
import fc from 'fast-check';

export type Raw = Record<string, any>;

const RBAC_V1 = 'rbac.authorization.k8s.io/v1';
const RBAC = 'rbac.authorization.k8s.io';

export const NAMESPACES = ['default', 'ns1', 'ns2'] as const;
export const VERBS = ['get', 'list', 'create', 'delete', 'watch', 'impersonate', '*', 'GET'] as const;
export const GROUPS = ['', 'apps', RBAC, 'example.com', '*', 'core'] as const;
export const RESOURCES = ['pods', 'secrets', 'deployments', 'nodes', 'namespaces', 'clusterroles', 'widgets', 'pods/log', 'pods/status', 'deployments/scale', '*/scale', 'pods/*', '*', '*/*', 'Pods', 'namespaces/status', 'nodes/proxy'] as const;
export const OBJECT_NAMES = ['a', 'b', '*'] as const;
export const URLS = ['/metrics', '/healthz', '/api*', '/apis/*', '*', '/logs/*', '/version/'] as const;
export const USERS = ['alice', 'bob', 'Alice', '*', 'system:anonymous', 'system:serviceaccount:ns1:app', 'system:kube-scheduler'] as const;
export const GROUP_NAMES = ['devs', 'ops', 'system:authenticated', 'system:unauthenticated', 'system:serviceaccounts', 'system:serviceaccounts:ns1', 'system:masters'] as const;
export const SERVICE_ACCOUNTS = [['ns1', 'app'], ['ns2', 'app'], ['default', 'default'], ['ns1', 'builder']] as const;
export const CLUSTER_ROLE_NAMES = ['cr-a', 'cr-b', 'cr-c', 'view-ish', 'agg-1', 'agg-2'] as const;
export const ROLE_NAMES = ['r1', 'r2'] as const;

const pick = <T>(xs: readonly T[]) => fc.constantFrom(...xs);
const some = <T>(xs: readonly T[], min = 1, max = 3) => fc.subarray([...xs], { minLength: min, maxLength: max });

export const ruleArb: fc.Arbitrary<Raw> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ verbs: some(VERBS), apiGroups: some(GROUPS, 1, 2), resources: some(RESOURCES), resourceNames: fc.oneof({ weight: 3, arbitrary: fc.constant([]) }, { weight: 1, arbitrary: some(OBJECT_NAMES, 1, 2) }) }) },
  { weight: 2, arbitrary: fc.record({ verbs: some(VERBS), nonResourceURLs: some(URLS, 1, 2) }) },
  // Degenerate rules: no verbs, or no groups; they grant nothing.
  { weight: 1, arbitrary: fc.record({ verbs: fc.constant([]), apiGroups: some(GROUPS, 1, 1), resources: some(RESOURCES, 1, 1) }) },
  { weight: 1, arbitrary: fc.record({ verbs: some(VERBS), apiGroups: fc.constant([]), resources: some(RESOURCES, 1, 1) }) },
);

export const subjectArb: fc.Arbitrary<Raw> = fc.oneof(
  { weight: 4, arbitrary: pick(USERS).map((name) => ({ kind: 'User', apiGroup: RBAC, name })) },
  { weight: 4, arbitrary: pick(GROUP_NAMES).map((name) => ({ kind: 'Group', apiGroup: RBAC, name })) },
  { weight: 3, arbitrary: pick(SERVICE_ACCOUNTS).map(([namespace, name]) => ({ kind: 'ServiceAccount', name, namespace })) },
  { weight: 2, arbitrary: pick(SERVICE_ACCOUNTS).map(([, name]) => ({ kind: 'ServiceAccount', name })) },
  { weight: 1, arbitrary: pick(USERS).map((name) => ({ kind: 'user', apiGroup: RBAC, name })) },
  // Rarer shapes: a namespace on a User (ignored), an explicit empty namespace, an empty name, another kind.
  { weight: 1, arbitrary: fc.constantFrom({ kind: 'User', name: 'alice', namespace: 'ns2' }, { kind: 'ServiceAccount', name: 'app', namespace: '' }, { kind: 'Group', name: '' }, { kind: 'Bot', name: 'alice' }) },
);

const labelsArb = fc.record({ tier: pick(['x', 'y']), leaf: fc.constant('true') }, { requiredKeys: [] });

const selectorArb: fc.Arbitrary<Raw | null> = fc.oneof(
  { weight: 3, arbitrary: pick(['x', 'y']).map((t) => ({ matchLabels: { tier: t } })) },
  { weight: 2, arbitrary: fc.constant({ matchLabels: { leaf: 'true' } }) },
  { weight: 1, arbitrary: fc.constant({ matchExpressions: [{ key: 'tier', operator: 'In', values: ['x', 'y'] }] }) },
  { weight: 1, arbitrary: fc.constant({ matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['x'] }] }) },
  { weight: 1, arbitrary: fc.constant({ matchExpressions: [{ key: 'leaf', operator: 'Exists' }] }) },
  { weight: 1, arbitrary: fc.constant({ matchExpressions: [{ key: 'tier', operator: 'DoesNotExist' }] }) },
  { weight: 1, arbitrary: fc.constant({}) },
  { weight: 1, arbitrary: fc.constant({ matchLabels: { tier: 'x' }, matchExpressions: [{ key: 'leaf', operator: 'Exists' }] }) },
  // null is the empty selector (selects everything); invalid: In without values, a null requirement (the controller cannot sync the role).
  { weight: 1, arbitrary: fc.constantFrom(null, { matchExpressions: [{ key: 'tier', operator: 'In', values: [] }] }, { matchExpressions: [null] }) },
);

export interface WorldOptions {
  /** Aggregated ClusterRoles carry no rules of their own (keeps aggregation monotone, §17.1). */
  noAuthorRulesOnAggregated?: boolean;
  /** agg-1 may carry a tier label too, so aggregated roles select each other often (cycles, seeded by authored rules). */
  cycles?: boolean;
}

function clusterRoleArb(name: string, opts: WorldOptions): fc.Arbitrary<Raw> {
  const aggregated = name.startsWith('agg-');
  return fc
    .record({
      labels: labelsArb,
      rules: fc.array(ruleArb, { maxLength: 3 }),
      selectors: opts.cycles ? fc.array(fc.oneof({ weight: 2, arbitrary: pick(['x', 'y']).map((t) => ({ matchLabels: { tier: t } })) }, { weight: 1, arbitrary: selectorArb }), { minLength: 1, maxLength: 2 }) : fc.array(selectorArb, { minLength: 0, maxLength: 2 }),
      author: fc.boolean(),
    })
    .map(({ labels, rules, selectors, author }) => {
      const o: Raw = { apiVersion: RBAC_V1, kind: 'ClusterRole', metadata: { name, ...(Object.keys(labels).length ? { labels } : {}) }, rules };
      if (aggregated) {
        // Aggregated roles are never labelled leaf=true, and only agg-2 carries a tier label:
        // nesting happens (agg-1 may select agg-2), cycles are possible but rare.
        const l = { ...labels } as Record<string, string>;
        delete l.leaf;
        if (name === 'agg-1' && !opts.cycles) delete l.tier;
        // Cycles: every aggregated role carries a tier label that a tier selector of another picks.
        if (opts.cycles && !l.tier) l.tier = name === 'agg-1' ? 'x' : 'y';
        o.metadata.labels = l;
        if (!Object.keys(l).length) delete o.metadata.labels;
        o.aggregationRule = { clusterRoleSelectors: selectors };
        if (opts.noAuthorRulesOnAggregated || !author) o.rules = [];
      }
      return o;
    });
}

function bindingArb(i: number, cluster: boolean): fc.Arbitrary<Raw> {
  const clusterRef = pick([...CLUSTER_ROLE_NAMES, 'ghost']).map((name) => ({ apiGroup: RBAC, kind: 'ClusterRole', name }));
  const roleRefArb = cluster
    ? fc.oneof({ weight: 9, arbitrary: clusterRef }, { weight: 1, arbitrary: pick(ROLE_NAMES).map((name) => ({ apiGroup: RBAC, kind: 'Role', name })) })
    : fc.oneof(
        { weight: 5, arbitrary: clusterRef },
        { weight: 5, arbitrary: pick([...ROLE_NAMES, 'ghost-role']).map((name) => ({ apiGroup: RBAC, kind: 'Role', name })) },
        { weight: 1, arbitrary: pick(['role', 'clusterrole']).map((kind) => ({ apiGroup: RBAC, kind, name: kind === 'role' ? 'r1' : 'cr-a' })) },
      );
  return fc
    .record({ roleRef: roleRefArb, subjects: fc.array(subjectArb, { maxLength: 3 }), namespace: fc.option(pick(NAMESPACES), { nil: undefined, freq: 6 }) })
    .map(({ roleRef, subjects, namespace }) => {
      const metadata: Raw = { name: `${cluster ? 'crb' : 'rb'}-${i}` };
      if (!cluster && namespace !== undefined) metadata.namespace = namespace; // none: the default namespace
      return { apiVersion: RBAC_V1, kind: cluster ? 'ClusterRoleBinding' : 'RoleBinding', metadata, roleRef, subjects };
    });
}

/** A world: unique objects (kind/namespace/name), in a generated order. */
export function worldArb(opts: WorldOptions = {}): fc.Arbitrary<Raw[]> {
  const names = opts.cycles
    ? fc.subarray(CLUSTER_ROLE_NAMES.filter((n) => !n.startsWith('agg-'))).map((rest) => [...rest, 'agg-1', 'agg-2', 'agg-3'])
    : fc.subarray([...CLUSTER_ROLE_NAMES], { minLength: 1 });
  const clusterRoles = names.chain((ns) => fc.tuple(...ns.map((n) => clusterRoleArb(n, opts))));
  const roles = fc
    .uniqueArray(fc.tuple(pick(NAMESPACES), pick(ROLE_NAMES)), { maxLength: 4, selector: ([ns, n]) => `${ns}/${n}` })
    .chain((keys) => fc.tuple(...keys.map(([namespace, name]) => fc.array(ruleArb, { maxLength: 3 }).map((rules) => ({ apiVersion: RBAC_V1, kind: 'Role', metadata: { name, namespace }, rules })))));
  const crbs = fc.integer({ min: 0, max: 4 }).chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => bindingArb(i, true))));
  const rbs = fc.integer({ min: 0, max: 5 }).chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => bindingArb(i, false))));
  return fc.tuple(clusterRoles, roles, crbs, rbs).chain(([a, b, c, d]) => fc.shuffledSubarray([...a, ...b, ...c, ...d], { minLength: a.length + b.length + c.length + d.length }));
}

// Requests as the API server would build them (spec §2): cluster-scoped resources carry no
// namespace; a namespace object is requested in its own namespace.
type Shape = { group: string | undefined; resource: string; scope: 'ns' | 'cluster' | 'nsobj'; subs: string[] };
const SHAPES: Shape[] = [
  { group: '', resource: 'pods', scope: 'ns', subs: ['', '', 'log', 'status', 'scale', 'exec'] },
  { group: '', resource: 'secrets', scope: 'ns', subs: [''] },
  { group: 'apps', resource: 'deployments', scope: 'ns', subs: ['', 'scale', 'status'] },
  { group: '', resource: 'nodes', scope: 'cluster', subs: ['', 'proxy'] },
  { group: RBAC, resource: 'clusterroles', scope: 'cluster', subs: [''] },
  { group: 'example.com', resource: 'widgets', scope: 'ns', subs: ['', 'scale'] },
  { group: undefined, resource: 'widgets', scope: 'ns', subs: [''] },
  { group: '', resource: 'Pods', scope: 'ns', subs: [''] },
  { group: '', resource: 'namespaces', scope: 'nsobj', subs: ['', 'status'] },
];

export type GenRequest =
  | { kind: 'resource'; verb: string; apiGroup: string | undefined; resource: string; subresource: string; name: string; namespace: string }
  | { kind: 'nonResource'; verb: string; path: string };

export const resourceRequestArb: fc.Arbitrary<GenRequest> = fc
  .record({ shape: pick(SHAPES), verb: pick([...VERBS, 'bind']), subIndex: fc.nat(), name: pick(['', '', 'a', 'b', '*']), namespace: pick(['', 'default', 'ns1', 'ns2', 'ns3', '*']) })
  .map(({ shape, verb, subIndex, name, namespace }) => {
    const subresource = shape.subs[subIndex % shape.subs.length]!;
    let ns = shape.scope === 'ns' ? namespace : '';
    if (shape.scope === 'nsobj' && name) ns = name === '*' ? 'ns1' : name;
    const n = shape.scope === 'nsobj' && name ? ns : name;
    return { kind: 'resource' as const, verb, apiGroup: shape.group, resource: shape.resource, subresource, name: n, namespace: ns };
  });

export const nonResourceRequestArb: fc.Arbitrary<GenRequest> = fc.record({
  kind: fc.constant('nonResource' as const),
  verb: pick(['get', 'post', 'head', '*', 'GET']),
  path: pick(['/metrics', '/healthz', '/healthz/', '/api', '/apis', '/apis/v1', '/logs/x', '/logs', '/version/', '/']),
});

export const requestArb: fc.Arbitrary<GenRequest> = fc.oneof({ weight: 4, arbitrary: resourceRequestArb }, { weight: 1, arbitrary: nonResourceRequestArb });

/** An authenticated identity as the generator knows it: a name and the groups it was given (implicit groups are added by whoever evaluates). */
export interface GenUser {
  name: string;
  groups: string[];
}

export const userArb: fc.Arbitrary<GenUser> = fc.oneof(
  fc.record({ name: pick(USERS), groups: some(GROUP_NAMES, 0, 2) }),
  pick(SERVICE_ACCOUNTS).map(([ns, n]) => ({ name: `system:serviceaccount:${ns}:${n}`, groups: [] })),
  fc.record({ name: fc.constant('carol'), groups: some(GROUP_NAMES, 1, 2) }),
);

/** Every distinct object key of a world, as the assembler keys them (kind/namespace/name). */
export function objectKey(o: Raw): string {
  const namespaced = ['Role', 'RoleBinding', 'ServiceAccount'].includes(o.kind);
  return `${o.kind}/${namespaced ? o.metadata?.namespace || 'default' : ''}/${o.metadata?.name}`;
}

const CLUSTER_SCOPED = new Set(['nodes', 'clusterroles']);

/** A request that some rule of the world allows (if the right subject asks in the right place). */
function requestFromRule(rule: Raw): fc.Arbitrary<GenRequest> {
  if (Array.isArray(rule.nonResourceURLs) && rule.nonResourceURLs.length) {
    return fc.record({ url: pick(rule.nonResourceURLs as string[]), verb: pick(rule.verbs.length ? (rule.verbs as string[]) : ['get']), tail: pick(['', 'x', '/x']) }).map(({ url, verb, tail }) => ({
      kind: 'nonResource' as const,
      verb: verb === '*' ? 'get' : verb,
      path: url === '*' ? `/any${tail}` : url.endsWith('*') ? `${url.replace(/\*+$/, '')}${tail}` : url,
    }));
  }
  const groups: string[] = rule.apiGroups?.length ? rule.apiGroups : [''];
  const resources: string[] = rule.resources?.length ? rule.resources : ['pods'];
  const names: string[] = rule.resourceNames?.length ? rule.resourceNames : ['', 'a'];
  return fc
    .record({ verb: pick(rule.verbs.length ? (rule.verbs as string[]) : ['get']), anyVerb: pick(VERBS), group: pick(groups), res: pick(resources), name: pick(names), namespace: pick(['', 'default', 'ns1', 'ns2']) })
    .map(({ verb, anyVerb, group, res, name, namespace }) => {
      const [base0, sub0 = ''] = res.split('/') as [string, string?];
      const base = base0 === '*' ? 'pods' : base0;
      const sub = sub0 === '*' && base0 === '*' ? '*' : sub0;
      const g = group === '*' ? (base === 'deployments' ? 'apps' : '') : group;
      let ns = CLUSTER_SCOPED.has(base) ? '' : namespace;
      let n = name;
      if (base === 'namespaces') {
        ns = name ? (name === '*' ? 'ns1' : name) : '';
        n = ns;
      }
      return { kind: 'resource' as const, verb: verb === '*' ? anyVerb : verb, apiGroup: g, resource: base, subresource: sub, name: n, namespace: ns };
    });
}

function userFromSubject(s: Raw): fc.Arbitrary<GenUser> {
  // No authenticator makes a user named "" or in group "" (and validation rejects such subjects).
  if (!s.name) return userArb;
  if (s.kind === 'Group') return fc.constant({ name: 'carol', groups: [s.name] });
  if (s.kind === 'ServiceAccount') return pick(NAMESPACES).map((ns) => ({ name: `system:serviceaccount:${s.namespace || ns}:${s.name}`, groups: [] }));
  return fc.constant({ name: s.name, groups: [] });
}

export interface Scenario {
  world: Raw[];
  requests: GenRequest[];
  users: GenUser[];
}

/** A request and a user that one binding of the world may connect: a rule of its role, asked where the binding applies, by one of its subjects. */
function grantedPair(world: Raw[], b: Raw): fc.Arbitrary<{ request: GenRequest; user: GenUser }> | undefined {
  const ns = b.kind === 'RoleBinding' ? b.metadata.namespace || 'default' : undefined;
  const ref = b.roleRef ?? {};
  const roles = world.filter((o) => o.kind === ref.kind && o.metadata.name === ref.name && (ref.kind !== 'Role' || (o.metadata.namespace || 'default') === ns));
  const aggregated = roles.some((r) => r.aggregationRule);
  const rules = aggregated ? world.filter((o) => o.kind === 'ClusterRole').flatMap((o) => o.rules ?? []) : roles.flatMap((r) => r.rules ?? []);
  const subjects = (b.subjects ?? []) as Raw[];
  if (!rules.length || !subjects.length) return undefined;
  return fc.record({ request: pick(rules as Raw[]).chain(requestFromRule), user: pick(subjects).chain(userFromSubject) }).map(({ request, user }) => {
    if (ns !== undefined && request.kind === 'resource' && request.namespace !== '' && request.resource !== 'namespaces') request = { ...request, namespace: ns };
    if (ns !== undefined && request.kind === 'resource' && request.resource === 'namespaces' && request.name) request = { ...request, name: ns, namespace: ns };
    if (ns !== undefined && user.name.startsWith('system:serviceaccount:')) {
      const s = subjects.find((x) => x.kind === 'ServiceAccount' && !x.namespace && user.name.endsWith(`:${x.name}`));
      if (s) user = { ...user, name: `system:serviceaccount:${ns}:${s.name}` };
    }
    return { request, user };
  });
}

export interface Scenario {
  world: Raw[];
  requests: GenRequest[];
  users: GenUser[];
}

/** A world with requests and users drawn partly from its own bindings, rules and subjects, so that many answers are "yes". */
export function scenarioArb(opts: WorldOptions = {}, size = 6): fc.Arbitrary<Scenario> {
  return worldArb(opts).chain((world) => {
    const rules = world.flatMap((o) => (Array.isArray(o.rules) ? o.rules : []));
    const subjects = world.flatMap((o) => (Array.isArray(o.subjects) ? o.subjects : []));
    const pairs = world.filter((o) => o.kind?.endsWith('Binding')).map((b) => grantedPair(world, b)).filter((x): x is NonNullable<typeof x> => !!x);
    const req = rules.length ? fc.oneof(requestArb, pick(rules).chain(requestFromRule)) : requestArb;
    const usr = subjects.length ? fc.oneof(userArb, pick(subjects).chain(userFromSubject)) : userArb;
    type Pair = { request: GenRequest; user: GenUser };
    const granted: fc.Arbitrary<Pair[]> = pairs.length ? fc.array(fc.oneof(...pairs), { maxLength: 3 }) : fc.constant([]);
    return fc.record({ requests: fc.array(req, { minLength: 1, maxLength: size }), users: fc.array(usr, { minLength: 1, maxLength: size }), granted }).map(({ requests, users, granted }) => ({
      world,
      requests: [...granted.map((p) => p.request), ...requests],
      users: [...granted.map((p) => p.user), ...users],
    }));
  });
}
