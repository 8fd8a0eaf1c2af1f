// A seeded generator of synthetic but realistic RBAC worlds, for the benchmark and for docs.
// Deterministic: the same { objects, seed } gives byte-identical output on every machine (a
// tiny mulberry32 PRNG, no Math.random, no clock, no Map/Set order that depends on hashing).
//
// What a world looks like (the counts scale with `objects`, which is hit exactly):
//   - a few hundred ClusterRoles (about 30 + 3% of N, capped at 350): the bootstrap ones
//     (cluster-admin, admin/edit/view aggregated through the rbac.authorization.k8s.io/aggregate-to-*
//     labels, with edit -> admin and view -> edit nested the way Kubernetes ships them), system
//     controller roles, platform roles with wildcards, `*/scale`, impersonation and
//     nonResourceURLs, a nested custom aggregation (one selector with matchExpressions), and many
//     add-on roles (controller / view / edit / admin / metrics-reader) contributing to the
//     aggregated ones;
//   - hundreds of ClusterRoleBindings (about 20 + 2% of N, capped at 400): bootstrap and
//     controller bindings, add-on controllers, and team groups, users and ServiceAccounts;
//   - everything else in namespaces: system and add-on namespaces, then many team namespaces
//     (team-component-env) each with a Namespace, 1-6 ServiceAccounts, 0-6 Roles and 1-9
//     RoleBindings, bound to local Roles or to admin/edit/view/add-on ClusterRoles, with subjects
//     drawn from a shared pool of users and groups (each user has a home team), local and foreign
//     ServiceAccounts and, rarely, system groups.
import jsYaml from 'js-yaml';

export interface GenerateOptions {
  /** Target object count (Roles, ClusterRoles, RoleBindings, ClusterRoleBindings, ServiceAccounts, Namespaces); hit exactly. */
  objects: number;
  seed: number;
}

export interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  [field: string]: unknown;
}

interface Rule {
  apiGroups?: string[];
  resources?: string[];
  resourceNames?: string[];
  nonResourceURLs?: string[];
  verbs: string[];
}

interface Subject {
  kind: 'User' | 'Group' | 'ServiceAccount';
  name: string;
  namespace?: string;
  apiGroup?: string;
}

export const MIN_OBJECTS = 300;
const RBAC_V1 = 'rbac.authorization.k8s.io/v1';
const RBAC = 'rbac.authorization.k8s.io';
const AGG = (to: 'admin' | 'edit' | 'view') => `rbac.authorization.k8s.io/aggregate-to-${to}`;
const PLATFORM_OPERATOR = 'platform.example.com/aggregate-to-operator';
const PLATFORM_TEAM_READER = 'platform.example.com/aggregate-to-team-reader';
const PLATFORM_OBSERVABILITY = 'platform.example.com/observability';

// ---------------------------------------------------------------------------------------------
// PRNG

/** mulberry32: a 32-bit state PRNG, good enough for test data and trivially reproducible. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class Rng {
  private readonly next: () => number;
  constructor(seed: number) {
    // Mix the seed so nearby seeds (1, 2, 3) start far apart.
    this.next = mulberry32(Math.imul((seed >>> 0) ^ 0x9e3779b9, 0x85ebca6b) >>> 0);
  }
  float(): number {
    return this.next();
  }
  /** Integer in [lo, hi], both inclusive. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(list: readonly T[]): T {
    if (list.length === 0) throw new Error('pick from an empty list');
    return list[Math.floor(this.next() * list.length)]!;
  }
  /** k distinct elements, in list order. */
  sample<T>(list: readonly T[], k: number): T[] {
    if (k >= list.length) return [...list];
    const idx = new Set<number>();
    while (idx.size < k) idx.add(Math.floor(this.next() * list.length));
    return [...idx].sort((a, b) => a - b).map((i) => list[i]!);
  }
  weighted<T>(choices: readonly (readonly [T, number])[]): T {
    let total = 0;
    for (const [, w] of choices) total += w;
    let x = this.next() * total;
    for (const [v, w] of choices) {
      x -= w;
      if (x < 0) return v;
    }
    return choices[choices.length - 1]![0];
  }
}

// ---------------------------------------------------------------------------------------------
// Vocabulary

const TEAMS = [
  'payments', 'checkout', 'search', 'catalog', 'identity', 'billing', 'ledger', 'fraud', 'shipping', 'inventory',
  'pricing', 'reviews', 'recommendations', 'notifications', 'messaging', 'analytics', 'reporting', 'ml-platform', 'data-eng', 'growth',
  'marketing', 'support', 'onboarding', 'accounts', 'auth', 'gateway', 'edge', 'media', 'streaming', 'maps',
  'geo', 'risk', 'compliance', 'audit', 'hr-tools', 'finance', 'procurement', 'partner-api', 'mobile-bff', 'web',
];
const COMPONENTS = [
  'api', 'web', 'worker', 'consumer', 'scheduler', 'cache', 'db-proxy', 'ingest', 'etl', 'frontend',
  'backend', 'grpc', 'batch', 'cron', 'admin', 'sync', 'indexer', 'exporter', 'gateway', 'auth',
  'events', 'jobs', 'reports', 'stream', 'ml',
];
const ENVS: readonly (readonly [string, number])[] = [['dev', 4], ['staging', 3], ['prod', 3], ['qa', 1], ['perf', 1]];
const FIRST = ['alex', 'sam', 'jordan', 'taylor', 'morgan', 'casey', 'riley', 'jamie', 'avery', 'quinn', 'maria', 'jose', 'wei', 'li', 'anna', 'olga', 'raj', 'priya', 'ahmed', 'fatima', 'kenji', 'yuki', 'lucas', 'emma', 'noah', 'mia', 'omar', 'sara', 'ivan', 'nina'];
const LAST = ['smith', 'garcia', 'chen', 'wang', 'kumar', 'patel', 'muller', 'rossi', 'silva', 'kim', 'nguyen', 'ivanova', 'tanaka', 'sato', 'haddad', 'cohen', 'novak', 'jensen', 'dubois', 'moreau', 'kowalski', 'okafor', 'mensah', 'lopez', 'brown', 'jones', 'davis', 'wilson', 'taylor', 'clark'];
const SA_NAMES = ['app', 'deployer', 'ci', 'worker', 'migrations', 'monitoring', 'backup', 'operator', 'runner', 'sync', 'reader', 'controller'];
const READ = ['get', 'list', 'watch'];
const WRITE = ['create', 'update', 'patch', 'delete'];
const ALL = [...READ, ...WRITE, 'deletecollection'];

interface ApiGroupDef {
  group: string;
  resources: string[];
  subresources?: Record<string, string[]>;
}
const NAMESPACED_GROUPS: ApiGroupDef[] = [
  { group: '', resources: ['pods', 'services', 'configmaps', 'secrets', 'serviceaccounts', 'endpoints', 'events', 'persistentvolumeclaims', 'replicationcontrollers', 'resourcequotas', 'limitranges'], subresources: { pods: ['log', 'exec', 'attach', 'portforward', 'status', 'eviction', 'ephemeralcontainers'], services: ['proxy', 'status'], serviceaccounts: ['token'], replicationcontrollers: ['scale'] } },
  { group: 'apps', resources: ['deployments', 'statefulsets', 'daemonsets', 'replicasets', 'controllerrevisions'], subresources: { deployments: ['scale', 'status'], statefulsets: ['scale', 'status'], replicasets: ['scale'] } },
  { group: 'batch', resources: ['jobs', 'cronjobs'], subresources: { jobs: ['status'], cronjobs: ['status'] } },
  { group: 'autoscaling', resources: ['horizontalpodautoscalers'] },
  { group: 'networking.k8s.io', resources: ['ingresses', 'networkpolicies'], subresources: { ingresses: ['status'] } },
  { group: 'policy', resources: ['poddisruptionbudgets'] },
  { group: 'coordination.k8s.io', resources: ['leases'] },
  { group: 'discovery.k8s.io', resources: ['endpointslices'] },
  { group: 'rbac.authorization.k8s.io', resources: ['roles', 'rolebindings'] },
  { group: 'monitoring.coreos.com', resources: ['servicemonitors', 'podmonitors', 'prometheusrules'] },
  { group: 'cert-manager.io', resources: ['certificates', 'issuers', 'certificaterequests'] },
];
const CLUSTER_GROUPS: ApiGroupDef[] = [
  { group: '', resources: ['nodes', 'namespaces', 'persistentvolumes'], subresources: { nodes: ['status', 'proxy'], namespaces: ['status', 'finalize'] } },
  { group: 'storage.k8s.io', resources: ['storageclasses', 'volumeattachments', 'csidrivers', 'csinodes'] },
  { group: 'apiextensions.k8s.io', resources: ['customresourcedefinitions'] },
  { group: 'admissionregistration.k8s.io', resources: ['mutatingwebhookconfigurations', 'validatingwebhookconfigurations'] },
  { group: 'scheduling.k8s.io', resources: ['priorityclasses'] },
  { group: 'networking.k8s.io', resources: ['ingressclasses'] },
  { group: 'rbac.authorization.k8s.io', resources: ['clusterroles', 'clusterrolebindings'] },
];

interface AddonDef {
  name: string;
  groups: { group: string; resources: string[] }[];
}
const ADDONS: AddonDef[] = [
  { name: 'cert-manager', groups: [{ group: 'cert-manager.io', resources: ['certificates', 'certificaterequests', 'issuers', 'clusterissuers'] }, { group: 'acme.cert-manager.io', resources: ['orders', 'challenges'] }] },
  { name: 'argocd', groups: [{ group: 'argoproj.io', resources: ['applications', 'appprojects', 'applicationsets'] }] },
  { name: 'prometheus-operator', groups: [{ group: 'monitoring.coreos.com', resources: ['servicemonitors', 'podmonitors', 'prometheusrules', 'prometheuses', 'alertmanagers'] }] },
  { name: 'external-secrets', groups: [{ group: 'external-secrets.io', resources: ['externalsecrets', 'secretstores', 'clustersecretstores'] }] },
  { name: 'flux', groups: [{ group: 'source.toolkit.fluxcd.io', resources: ['gitrepositories', 'helmrepositories', 'buckets'] }, { group: 'kustomize.toolkit.fluxcd.io', resources: ['kustomizations'] }] },
  { name: 'tekton-pipelines', groups: [{ group: 'tekton.dev', resources: ['pipelines', 'pipelineruns', 'tasks', 'taskruns'] }] },
  { name: 'kyverno', groups: [{ group: 'kyverno.io', resources: ['policies', 'clusterpolicies', 'policyexceptions'] }, { group: 'wgpolicyk8s.io', resources: ['policyreports'] }] },
  { name: 'velero', groups: [{ group: 'velero.io', resources: ['backups', 'restores', 'schedules', 'backupstoragelocations'] }] },
  { name: 'istio', groups: [{ group: 'networking.istio.io', resources: ['virtualservices', 'destinationrules', 'gateways', 'serviceentries'] }, { group: 'security.istio.io', resources: ['authorizationpolicies', 'peerauthentications'] }] },
  { name: 'keda', groups: [{ group: 'keda.sh', resources: ['scaledobjects', 'scaledjobs', 'triggerauthentications'] }] },
  { name: 'knative-serving', groups: [{ group: 'serving.knative.dev', resources: ['services', 'routes', 'configurations', 'revisions'] }] },
  { name: 'crossplane', groups: [{ group: 'pkg.crossplane.io', resources: ['providers', 'configurations'] }, { group: 'apiextensions.crossplane.io', resources: ['compositions', 'compositeresourcedefinitions'] }] },
  { name: 'gatekeeper', groups: [{ group: 'templates.gatekeeper.sh', resources: ['constrainttemplates'] }, { group: 'constraints.gatekeeper.sh', resources: ['*'] }] },
  { name: 'longhorn', groups: [{ group: 'longhorn.io', resources: ['volumes', 'engines', 'replicas', 'settings'] }] },
  { name: 'strimzi', groups: [{ group: 'kafka.strimzi.io', resources: ['kafkas', 'kafkatopics', 'kafkausers'] }] },
  { name: 'cloudnative-pg', groups: [{ group: 'postgresql.cnpg.io', resources: ['clusters', 'backups', 'poolers', 'scheduledbackups'] }] },
  { name: 'sealed-secrets', groups: [{ group: 'bitnami.com', resources: ['sealedsecrets'] }] },
  { name: 'linkerd', groups: [{ group: 'policy.linkerd.io', resources: ['servers', 'serverauthorizations', 'httproutes'] }] },
  { name: 'external-dns', groups: [{ group: 'externaldns.k8s.io', resources: ['dnsendpoints'] }] },
  { name: 'ingress-nginx', groups: [{ group: 'networking.k8s.io', resources: ['ingresses', 'ingressclasses'] }] },
];
const GENERIC_RESOURCES = ['widgets', 'gadgets', 'pipelines', 'clusters', 'backups', 'policies', 'tenants', 'databases', 'buckets', 'topics', 'queues', 'certificates'];

const CONTROLLERS = [
  'deployment-controller', 'replicaset-controller', 'statefulset-controller', 'daemon-set-controller', 'job-controller',
  'cronjob-controller', 'namespace-controller', 'node-controller', 'endpoint-controller', 'endpointslice-controller',
  'horizontal-pod-autoscaler', 'disruption-controller', 'garbage-collector', 'persistent-volume-binder', 'pod-garbage-collector',
  'replication-controller', 'resourcequota-controller', 'service-account-controller', 'ttl-controller', 'certificate-controller',
];

// ---------------------------------------------------------------------------------------------
// Object builders

function meta(name: string, namespace?: string, labels?: Record<string, string>, annotations?: Record<string, string>): Manifest['metadata'] {
  const m: Manifest['metadata'] = { name };
  if (namespace !== undefined) m.namespace = namespace;
  if (labels && Object.keys(labels).length) m.labels = labels;
  if (annotations && Object.keys(annotations).length) m.annotations = annotations;
  return m;
}

function clusterRole(name: string, rules: Rule[], labels?: Record<string, string>, aggregationSelectors?: unknown[]): Manifest {
  const o: Manifest = { apiVersion: RBAC_V1, kind: 'ClusterRole', metadata: meta(name, undefined, labels) };
  // As a manifest of an aggregated role is usually written: the controller fills rules in.
  if (aggregationSelectors) o.aggregationRule = { clusterRoleSelectors: aggregationSelectors };
  o.rules = rules;
  return o;
}

function role(name: string, namespace: string, rules: Rule[], labels?: Record<string, string>): Manifest {
  return { apiVersion: RBAC_V1, kind: 'Role', metadata: meta(name, namespace, labels), rules };
}

function binding(kind: 'RoleBinding' | 'ClusterRoleBinding', name: string, namespace: string | undefined, roleKind: 'Role' | 'ClusterRole', roleName: string, subjects: Subject[], labels?: Record<string, string>): Manifest {
  return {
    apiVersion: RBAC_V1,
    kind,
    metadata: meta(name, namespace, labels),
    roleRef: { apiGroup: RBAC, kind: roleKind, name: roleName },
    subjects: subjects.map((s) => ({ ...s })),
  };
}

const user = (name: string): Subject => ({ kind: 'User', apiGroup: RBAC, name });
const group = (name: string): Subject => ({ kind: 'Group', apiGroup: RBAC, name });
const sa = (namespace: string | undefined, name: string): Subject => (namespace === undefined ? { kind: 'ServiceAccount', name } : { kind: 'ServiceAccount', name, namespace });

const r = (apiGroups: string[], resources: string[], verbs: string[], resourceNames?: string[]): Rule => {
  // Key order as kubectl prints a rule: apiGroups, resources, resourceNames, verbs.
  const rule: Partial<Rule> = { apiGroups: [...apiGroups], resources: [...resources] };
  if (resourceNames && resourceNames.length) rule.resourceNames = [...resourceNames];
  rule.verbs = [...verbs];
  return rule as Rule;
};
const nr = (urls: string[], verbs: string[]): Rule => ({ nonResourceURLs: [...urls], verbs: [...verbs] });

/** A plausible random rule over the namespaced (or cluster-scoped) API. */
function randomRule(rng: Rng, scope: 'namespaced' | 'cluster'): Rule {
  if (scope === 'cluster' && rng.chance(0.06)) return nr(rng.pick([['/metrics'], ['/healthz', '/livez', '/readyz'], ['/api', '/api/*', '/apis', '/apis/*'], ['/version'], ['/logs/*']]), ['get']);
  const defs = scope === 'cluster' && rng.chance(0.35) ? CLUSTER_GROUPS : NAMESPACED_GROUPS;
  const def = rng.pick(defs);
  const resources = rng.sample(def.resources, rng.int(1, Math.min(4, def.resources.length)));
  const withSubs = [...resources];
  for (const res of resources) {
    const subs = def.subresources?.[res];
    if (subs && rng.chance(0.25)) withSubs.push(`${res}/${rng.pick(subs)}`);
  }
  let verbs = rng.weighted<string[]>([[READ, 5], [[...READ, ...WRITE], 3], [ALL, 1], [['get'], 1], [['create', 'delete'], 1], [['update', 'patch'], 1]]);
  let groups = [def.group];
  let res = withSubs;
  if (rng.chance(0.02)) verbs = ['*'];
  if (rng.chance(0.01)) res = ['*'];
  if (rng.chance(0.01)) groups = ['*'];
  const names = rng.chance(0.05) && !res.includes('*') ? rng.sample(['primary', 'config', 'tls', 'credentials', 'leader', 'main'], rng.int(1, 2)) : undefined;
  return r(groups, res, verbs, names);
}

// Namespaced role templates: [name, weight, rules].
type RoleTemplate = readonly [string, number, (rng: Rng, comp: string, sas: string[]) => Rule[]];
const ROLE_TEMPLATES: RoleTemplate[] = [
  ['app-reader', 6, (rng) => [r([''], ['pods', 'pods/log', 'services', 'configmaps', 'endpoints'], READ), ...(rng.chance(0.6) ? [r(['apps'], ['deployments', 'replicasets', 'statefulsets'], READ)] : [])]],
  ['deployer', 5, (rng) => [r(['apps'], ['deployments', 'statefulsets', 'daemonsets'], ALL), r([''], ['services', 'configmaps'], ALL), ...(rng.chance(0.5) ? [r(['apps'], ['deployments/scale', 'statefulsets/scale'], ['get', 'update', 'patch'])] : [])]],
  ['secret-reader', 4, (rng, comp) => [r([''], ['secrets'], rng.chance(0.5) ? ['get'] : READ, rng.chance(0.5) ? [`${comp}-tls`, `${comp}-db-credentials`] : undefined)]],
  ['configmap-editor', 3, (rng, comp) => [r([''], ['configmaps'], ['get', 'list', 'update', 'patch'], rng.chance(0.4) ? [`${comp}-config`] : undefined)]],
  ['pod-exec', 3, () => [r([''], ['pods'], ['get', 'list']), r([''], ['pods/exec', 'pods/attach', 'pods/portforward'], ['create', 'get'])]],
  ['leader-election', 4, (_rng, comp) => [r(['coordination.k8s.io'], ['leases'], ['create']), r(['coordination.k8s.io'], ['leases'], ['get', 'update', 'patch'], [`${comp}-leader`]), r([''], ['events'], ['create', 'patch'])]],
  ['job-runner', 3, () => [r(['batch'], ['jobs', 'cronjobs'], ALL), r([''], ['pods', 'pods/log'], READ)]],
  ['monitoring-reader', 2, () => [r(['monitoring.coreos.com'], ['servicemonitors', 'podmonitors', 'prometheusrules'], READ), r([''], ['pods', 'services', 'endpoints'], READ)]],
  ['ingress-manager', 2, () => [r(['networking.k8s.io'], ['ingresses'], ALL), r(['networking.k8s.io'], ['ingresses/status'], ['update', 'patch'])]],
  ['debugger', 2, () => [r([''], ['pods'], ['get', 'list']), r([''], ['pods/ephemeralcontainers'], ['patch', 'update']), r([''], ['pods/exec'], ['create'])]],
  ['scaler', 2, () => [r(['apps'], ['deployments/scale', 'statefulsets/scale'], ['get', 'update', 'patch']), r(['autoscaling'], ['horizontalpodautoscalers'], ALL)]],
  ['rbac-manager', 1, (rng) => [r([RBAC], ['roles', 'rolebindings'], ALL), ...(rng.chance(0.3) ? [r([RBAC], ['roles'], ['bind', 'escalate'])] : [])]],
  ['token-creator', 1, (rng, _comp, sas) => [r([''], ['serviceaccounts/token'], ['create'], [rng.pick(sas)])]],
  ['namespace-owner', 0.5, () => [r(['*'], ['*'], ['*'])]],
  ['custom', 4, (rng) => Array.from({ length: rng.int(1, 4) }, () => randomRule(rng, 'namespaced'))],
];

// ---------------------------------------------------------------------------------------------
// The world

interface NamespacePlan {
  name: string;
  team: string;
  comp: string;
  serviceAccounts: string[];
  roles: number;
  roleBindings: number;
}

function clamp(v: number, lo: number, hi: number): number {
  return Math.max(lo, Math.min(hi, v));
}

/** A unique name from a base: base, base-2, base-3, ... */
function uniqueName(used: Set<string>, base: string): string {
  let name = base;
  for (let k = 2; used.has(name); k++) name = `${base}-${k}`;
  used.add(name);
  return name;
}

export function generateWorld(opts: GenerateOptions): Manifest[] {
  const N = Math.floor(opts.objects);
  if (!Number.isFinite(N) || N < MIN_OBJECTS) throw new Error(`generateWorld: objects must be at least ${MIN_OBJECTS} (got ${opts.objects})`);
  const rng = new Rng(opts.seed);

  const clusterRoleCount = clamp(Math.round(30 + N * 0.03), 40, 350);
  const crbCount = clamp(Math.round(20 + N * 0.02), 25, 400);
  const namespacedBudget = N - clusterRoleCount - crbCount;

  // Identity pools shared by every namespace.
  const teamCount = clamp(Math.round(namespacedBudget / 12 / 5), 3, TEAMS.length);
  const teams = TEAMS.slice(0, teamCount);
  const userCount = clamp(Math.round(N / 20), 30, 5000);
  const usedUsers = new Set<string>();
  const users: string[] = [];
  const usersByTeam = new Map<string, string[]>(teams.map((t) => [t, []]));
  for (let i = 0; i < userCount; i++) {
    const base = `${rng.pick(FIRST)}.${rng.pick(LAST)}`;
    let name = base;
    for (let k = 2; usedUsers.has(name); k++) name = `${base}${k}`;
    usedUsers.add(name);
    const email = `${name}@example.com`;
    users.push(email);
    usersByTeam.get(teams[i % teams.length]!)!.push(email);
  }
  const orgGroups = ['platform-admins', 'sre', 'security-auditors', 'data-readers', 'release-managers', 'ci-bots'];
  const teamGroup = (team: string, kind: 'devs' | 'oncall' | 'viewers') => `${team}-${kind}`;

  // ---- cluster roles ------------------------------------------------------------------------
  const clusterRoles: Manifest[] = [];
  const crNames = new Set<string>();
  const addCR = (m: Manifest) => {
    if (clusterRoles.length >= clusterRoleCount || crNames.has(m.metadata.name)) return false;
    crNames.add(m.metadata.name);
    clusterRoles.push(m);
    return true;
  };
  const bootstrap = { 'kubernetes.io/bootstrapping': 'rbac-defaults' };
  addCR(clusterRole('cluster-admin', [r(['*'], ['*'], ['*']), nr(['*'], ['*'])], bootstrap));
  addCR(clusterRole('admin', [], bootstrap, [{ matchLabels: { [AGG('admin')]: 'true' } }]));
  addCR(clusterRole('edit', [], { ...bootstrap, [AGG('admin')]: 'true' }, [{ matchLabels: { [AGG('edit')]: 'true' } }]));
  addCR(clusterRole('view', [], { ...bootstrap, [AGG('edit')]: 'true' }, [{ matchLabels: { [AGG('view')]: 'true' } }]));
  addCR(clusterRole('system:aggregate-to-admin', [r(['authorization.k8s.io'], ['localsubjectaccessreviews'], ['create']), r([RBAC], ['rolebindings', 'roles'], ALL)], { ...bootstrap, [AGG('admin')]: 'true' }));
  addCR(
    clusterRole(
      'system:aggregate-to-edit',
      [
        r([''], ['pods/attach', 'pods/exec', 'pods/portforward', 'pods/proxy', 'secrets', 'services/proxy'], READ),
        r([''], ['serviceaccounts'], ['impersonate']),
        r([''], ['pods', 'pods/attach', 'pods/exec', 'pods/portforward', 'pods/proxy'], ['create', 'delete', 'deletecollection', 'patch', 'update']),
        r([''], ['configmaps', 'events', 'persistentvolumeclaims', 'replicationcontrollers', 'replicationcontrollers/scale', 'secrets', 'serviceaccounts', 'services', 'services/proxy'], ['create', 'delete', 'deletecollection', 'patch', 'update']),
        r(['apps'], ['daemonsets', 'deployments', 'deployments/rollback', 'deployments/scale', 'replicasets', 'replicasets/scale', 'statefulsets', 'statefulsets/scale'], ['create', 'delete', 'deletecollection', 'patch', 'update']),
        r(['autoscaling'], ['horizontalpodautoscalers'], ['create', 'delete', 'deletecollection', 'patch', 'update']),
        r(['batch'], ['cronjobs', 'jobs'], ['create', 'delete', 'deletecollection', 'patch', 'update']),
        r(['networking.k8s.io'], ['ingresses', 'networkpolicies'], ['create', 'delete', 'deletecollection', 'patch', 'update']),
        r(['policy'], ['poddisruptionbudgets'], ['create', 'delete', 'deletecollection', 'patch', 'update']),
        r(['coordination.k8s.io'], ['leases'], ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch']),
      ],
      { ...bootstrap, [AGG('edit')]: 'true' },
    ),
  );
  addCR(
    clusterRole(
      'system:aggregate-to-view',
      [
        r([''], ['configmaps', 'endpoints', 'persistentvolumeclaims', 'persistentvolumeclaims/status', 'pods', 'replicationcontrollers', 'replicationcontrollers/scale', 'serviceaccounts', 'services', 'services/status'], READ),
        r([''], ['bindings', 'events', 'limitranges', 'namespaces/status', 'pods/log', 'pods/status', 'replicationcontrollers/status', 'resourcequotas', 'resourcequotas/status'], READ),
        r([''], ['namespaces'], READ),
        r(['discovery.k8s.io'], ['endpointslices'], READ),
        r(['apps'], ['controllerrevisions', 'daemonsets', 'daemonsets/status', 'deployments', 'deployments/scale', 'deployments/status', 'replicasets', 'replicasets/scale', 'replicasets/status', 'statefulsets', 'statefulsets/scale', 'statefulsets/status'], READ),
        r(['autoscaling'], ['horizontalpodautoscalers', 'horizontalpodautoscalers/status'], READ),
        r(['batch'], ['cronjobs', 'cronjobs/status', 'jobs', 'jobs/status'], READ),
        r(['networking.k8s.io'], ['ingresses', 'ingresses/status', 'networkpolicies'], READ),
        r(['policy'], ['poddisruptionbudgets', 'poddisruptionbudgets/status'], READ),
      ],
      { ...bootstrap, [AGG('view')]: 'true' },
    ),
  );
  addCR(clusterRole('system:discovery', [nr(['/api', '/api/*', '/apis', '/apis/*', '/healthz', '/livez', '/openapi', '/openapi/*', '/readyz', '/version', '/version/'], ['get'])], bootstrap));
  addCR(clusterRole('system:basic-user', [r(['authorization.k8s.io'], ['selfsubjectaccessreviews', 'selfsubjectrulesreviews'], ['create']), r(['authentication.k8s.io'], ['selfsubjectreviews'], ['create'])], bootstrap));
  addCR(clusterRole('system:public-info-viewer', [nr(['/healthz', '/livez', '/readyz', '/version', '/version/'], ['get'])], bootstrap));
  addCR(clusterRole('system:monitoring', [nr(['/healthz', '/healthz/*', '/livez', '/livez/*', '/metrics', '/metrics/slis', '/readyz', '/readyz/*'], ['get'])], bootstrap));
  addCR(clusterRole('system:node', [r([''], ['nodes', 'nodes/status'], ['get', 'list', 'watch', 'patch', 'update']), r([''], ['pods', 'services', 'endpoints', 'configmaps', 'secrets', 'persistentvolumeclaims', 'persistentvolumes'], ['get', 'list', 'watch']), r([''], ['pods/status'], ['patch', 'update']), r(['coordination.k8s.io'], ['leases'], ['create', 'delete', 'get', 'patch', 'update']), r(['certificates.k8s.io'], ['certificatesigningrequests'], ['create', 'get', 'list', 'watch']), r(['authentication.k8s.io'], ['tokenreviews'], ['create'])], bootstrap));
  addCR(clusterRole('system:node-proxier', [r([''], ['endpoints', 'services'], ['list', 'watch']), r([''], ['nodes'], ['get', 'list', 'watch']), r(['discovery.k8s.io'], ['endpointslices'], ['list', 'watch']), r(['', 'events.k8s.io'], ['events'], ['create', 'patch', 'update'])], bootstrap));
  addCR(clusterRole('system:kube-scheduler', [r(['', 'events.k8s.io'], ['events'], ['create', 'patch', 'update']), r(['coordination.k8s.io'], ['leases'], ['create']), r(['coordination.k8s.io'], ['leases'], ['get', 'update'], ['kube-scheduler']), r([''], ['nodes'], READ), r([''], ['pods'], ['delete', 'get', 'list', 'watch']), r([''], ['bindings', 'pods/binding'], ['create']), r([''], ['pods/status'], ['patch', 'update'])], bootstrap));
  addCR(clusterRole('system:kube-controller-manager', [r(['', 'events.k8s.io'], ['events'], ['create', 'patch', 'update']), r(['coordination.k8s.io'], ['leases'], ['create']), r(['coordination.k8s.io'], ['leases'], ['get', 'update'], ['kube-controller-manager']), r(['*'], ['*'], ['list', 'watch']), r([''], ['secrets', 'serviceaccounts'], ['create']), r([''], ['serviceaccounts/token'], ['create'])], bootstrap));
  addCR(clusterRole('system:auth-delegator', [r(['authentication.k8s.io'], ['tokenreviews'], ['create']), r(['authorization.k8s.io'], ['subjectaccessreviews'], ['create'])], bootstrap));

  // Platform roles: wildcards, */scale, impersonation, approval, and a nested custom aggregation.
  addCR(clusterRole('platform:operator', [], { 'app.kubernetes.io/part-of': 'platform' }, [{ matchLabels: { [PLATFORM_OPERATOR]: 'true' } }]));
  addCR(clusterRole('platform:team-reader', [], { 'app.kubernetes.io/part-of': 'platform', [PLATFORM_OPERATOR]: 'true' }, [{ matchLabels: { [PLATFORM_TEAM_READER]: 'true' } }, { matchLabels: { [AGG('view')]: 'true', 'app.kubernetes.io/part-of': 'platform' } }]));
  addCR(clusterRole('platform:observability', [], { 'app.kubernetes.io/part-of': 'platform', [PLATFORM_OPERATOR]: 'true' }, [{ matchExpressions: [{ key: PLATFORM_OBSERVABILITY, operator: 'In', values: ['read', 'full'] }] }]));
  addCR(clusterRole('platform:admins', [r(['*'], ['*'], ['*']), nr(['*'], ['get'])], { 'app.kubernetes.io/part-of': 'platform' }));
  addCR(clusterRole('platform:read-everything', [r(['*'], ['*'], READ), nr(['/metrics', '/healthz', '/version'], ['get'])], { 'app.kubernetes.io/part-of': 'platform', [PLATFORM_OPERATOR]: 'true' }));
  addCR(clusterRole('platform:autoscaler', [r(['*'], ['*/scale'], ['get', 'update', 'patch']), r(['autoscaling'], ['horizontalpodautoscalers'], READ)], { 'app.kubernetes.io/part-of': 'platform', [AGG('view')]: 'true' }));
  addCR(clusterRole('platform:impersonator', [r([''], ['users', 'groups', 'serviceaccounts'], ['impersonate']), r(['authentication.k8s.io'], ['userextras/scopes', 'uids'], ['impersonate'])], { 'app.kubernetes.io/part-of': 'platform' }));
  addCR(clusterRole('platform:csr-approver', [r(['certificates.k8s.io'], ['certificatesigningrequests'], READ), r(['certificates.k8s.io'], ['certificatesigningrequests/approval'], ['update']), r(['certificates.k8s.io'], ['signers'], ['approve'], ['kubernetes.io/kube-apiserver-client', 'example.com/internal'])], { 'app.kubernetes.io/part-of': 'platform' }));
  addCR(clusterRole('platform:namespace-provisioner', [r([''], ['namespaces'], ['create', 'get', 'list', 'watch', 'patch']), r([RBAC], ['rolebindings'], ['create', 'get', 'list']), r([RBAC], ['clusterroles'], ['bind'], ['admin', 'edit', 'view'])], { 'app.kubernetes.io/part-of': 'platform' }));
  addCR(clusterRole('platform:node-reader', [r([''], ['nodes', 'nodes/status'], READ), r(['metrics.k8s.io'], ['nodes', 'pods'], READ)], { 'app.kubernetes.io/part-of': 'platform', [PLATFORM_OBSERVABILITY]: 'read' }));
  addCR(clusterRole('platform:metrics-scraper', [nr(['/metrics', '/metrics/cadvisor'], ['get']), r([''], ['nodes/metrics', 'nodes/proxy', 'services', 'endpoints', 'pods'], READ)], { 'app.kubernetes.io/part-of': 'platform', [PLATFORM_OBSERVABILITY]: 'full' }));

  const controllerCount = Math.min(CONTROLLERS.length, Math.floor((clusterRoleCount - clusterRoles.length) / 3));
  const controllers = CONTROLLERS.slice(0, controllerCount);
  for (const c of controllers) {
    const rules = [r(['', 'events.k8s.io'], ['events'], ['create', 'patch', 'update']), ...Array.from({ length: rng.int(1, 4) }, () => randomRule(rng, rng.chance(0.3) ? 'cluster' : 'namespaced'))];
    addCR(clusterRole(`system:controller:${c}`, rules, bootstrap));
  }

  // Add-ons: each brings a controller role and view/edit/admin roles aggregated into the bootstrap ones.
  interface Addon { name: string; namespace: string; groups: { group: string; resources: string[] }[]; controllerRole?: string; viewRole?: string; editRole?: string }
  const addons: Addon[] = [];
  for (let i = 0; clusterRoles.length < clusterRoleCount; i++) {
    const base = ADDONS[i % ADDONS.length]!;
    const round = Math.floor(i / ADDONS.length);
    const addon: Addon =
      round === 0
        ? { name: base.name, namespace: base.name, groups: base.groups }
        : { name: `operator-${i}`, namespace: `operator-${i}-system`, groups: [{ group: `op${i}.example.io`, resources: rng.sample(GENERIC_RESOURCES, rng.int(1, 4)) }] };
    addons.push(addon);
    const crdRules = (verbs: string[]) => addon.groups.map((g) => r([g.group], g.resources, verbs));
    const statusRules = addon.groups.map((g) => r([g.group], g.resources.filter((x) => x !== '*').flatMap((x) => [`${x}/status`, `${x}/finalizers`]), ['get', 'update', 'patch'])).filter((x) => x.resources!.length > 0);
    const controllerRules = [...crdRules(['*']), ...statusRules, r([''], ['events'], ['create', 'patch']), r(['coordination.k8s.io'], ['leases'], ['get', 'create', 'update'])];
    for (let k = rng.int(1, 3); k > 0; k--) controllerRules.push(randomRule(rng, 'cluster'));
    const part = { 'app.kubernetes.io/name': addon.name };
    if (addCR(clusterRole(`${addon.name}-controller`, controllerRules, part))) addon.controllerRole = `${addon.name}-controller`;
    const viewLabels: Record<string, string> = { ...part, [AGG('view')]: 'true' };
    if (rng.chance(0.3)) viewLabels[PLATFORM_TEAM_READER] = 'true';
    if (addCR(clusterRole(`${addon.name}-view`, crdRules(READ), viewLabels))) addon.viewRole = `${addon.name}-view`;
    if (addCR(clusterRole(`${addon.name}-edit`, crdRules(['create', 'update', 'patch', 'delete']), { ...part, [AGG('edit')]: 'true' }))) addon.editRole = `${addon.name}-edit`;
    if (rng.chance(0.5)) addCR(clusterRole(`${addon.name}-admin`, crdRules(['deletecollection']), { ...part, [AGG('admin')]: 'true' }));
    if (rng.chance(0.3)) addCR(clusterRole(`${addon.name}-metrics-reader`, [nr(['/metrics'], ['get'])], { ...part, [PLATFORM_OBSERVABILITY]: rng.pick(['read', 'full', 'none']) }));
  }
  const viewEditRoles = addons.flatMap((a) => [a.viewRole, a.editRole]).filter((x): x is string => !!x);

  // ---- namespaces (planned before the cluster role bindings, which name their ServiceAccounts) --
  const nsNames = new Set<string>();
  const plans: NamespacePlan[] = [];
  let budget = namespacedBudget;
  const fixedObjects: Manifest[][] = []; // per planned namespace: the objects of system / add-on namespaces
  const systemNs = (name: string, sas: string[], extra: (ns: string) => Manifest[]) => {
    nsNames.add(name);
    const objs: Manifest[] = [{ apiVersion: 'v1', kind: 'Namespace', metadata: meta(name, undefined, { 'kubernetes.io/metadata.name': name }) }];
    for (const s of sas) objs.push({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: meta(s, name) });
    for (const o of extra(name)) objs.push(o);
    plans.push({ name, team: '', comp: '', serviceAccounts: sas, roles: 0, roleBindings: 0 });
    fixedObjects.push(objs);
    budget -= objs.length;
  };
  systemNs('default', ['default'], () => []);
  systemNs('kube-public', ['default'], (ns) => [
    role('system:controller:bootstrap-signer', ns, [r([''], ['configmaps'], READ), r([''], ['configmaps'], ['update'], ['cluster-info'])], bootstrap),
    binding('RoleBinding', 'system:controller:bootstrap-signer', ns, 'Role', 'system:controller:bootstrap-signer', [sa('kube-system', 'bootstrap-signer')], bootstrap),
  ]);
  systemNs('kube-node-lease', ['default'], () => []);
  systemNs('kube-system', ['default', 'bootstrap-signer', 'kube-proxy', 'coredns', ...controllers], (ns) => [
    role('extension-apiserver-authentication-reader', ns, [r([''], ['configmaps'], READ, ['extension-apiserver-authentication'])], bootstrap),
    role('system::leader-locking-kube-scheduler', ns, [r(['coordination.k8s.io'], ['leases'], ['watch']), r(['coordination.k8s.io'], ['leases'], ['get', 'update'], ['kube-scheduler'])], bootstrap),
    binding('RoleBinding', 'system::leader-locking-kube-scheduler', ns, 'Role', 'system::leader-locking-kube-scheduler', [user('system:kube-scheduler'), sa(ns, 'kube-scheduler')], bootstrap),
    binding('RoleBinding', 'system::extension-apiserver-authentication-reader', ns, 'Role', 'extension-apiserver-authentication-reader', [user('system:kube-controller-manager'), user('system:kube-scheduler')], bootstrap),
  ]);
  for (const a of addons) {
    if (budget < 200) break;
    systemNs(a.namespace, ['default', a.name], (ns) => [
      role(`${a.name}-leader-election`, ns, [r(['coordination.k8s.io'], ['leases'], ['get', 'create', 'update', 'patch']), r([''], ['configmaps'], ['get', 'create', 'update'], [`${a.name}-leader`]), r([''], ['events'], ['create', 'patch'])], { 'app.kubernetes.io/name': a.name }),
      binding('RoleBinding', `${a.name}-leader-election`, ns, 'Role', `${a.name}-leader-election`, [sa(ns, a.name)], { 'app.kubernetes.io/name': a.name }),
    ]);
  }
  if (budget < 0) throw new Error(`generateWorld: ${N} objects is too few for the fixed part of the world`);

  // Team namespaces, until the budget is exactly spent.
  const comboUsed = new Map<string, number>();
  while (budget > 0) {
    const team = rng.pick(teams);
    const comp = rng.pick(COMPONENTS);
    const env = rng.weighted(ENVS);
    const base = `${team}-${comp}-${env}`;
    const n = (comboUsed.get(base) ?? 0) + 1;
    comboUsed.set(base, n);
    let name = n === 1 ? base : `${base}-${n}`;
    while (nsNames.has(name)) name = `${name}-x`;
    nsNames.add(name);
    let saCount = 1 + rng.weighted([[0, 2], [1, 3], [2, 3], [3, 2], [4, 1], [5, 1]]);
    let roles = rng.weighted([[0, 2], [1, 3], [2, 4], [3, 3], [4, 2], [5, 1], [6, 1]]);
    let rbs = Math.max(1, roles + rng.weighted([[-1, 1], [0, 3], [1, 3], [2, 2], [3, 1]]));
    if (1 + saCount + roles + rbs > budget) {
      // The last namespace takes exactly what is left.
      let rest = budget - 1;
      saCount = Math.min(saCount, rest);
      rest -= saCount;
      roles = Math.min(roles, rest);
      rest -= roles;
      rbs = rest;
    }
    const sas = ['default', ...rng.sample(SA_NAMES, Math.max(0, saCount - 1)).map((s) => (rng.chance(0.3) ? `${comp}-${s}` : s))].slice(0, saCount);
    // Names sampled above are distinct except when a `${comp}-` prefix collides; make them unique.
    const seenSa = new Set<string>();
    const uniqueSas = sas.map((s) => uniqueName(seenSa, s));
    plans.push({ name, team, comp, serviceAccounts: uniqueSas, roles, roleBindings: rbs });
    fixedObjects.push([]);
    budget -= 1 + saCount + roles + rbs;
  }
  const teamPlans = plans.filter((p) => p.team !== '');
  const allSas = plans.flatMap((p) => p.serviceAccounts.map((s) => [p.name, s] as const));

  // ---- cluster role bindings --------------------------------------------------------------
  const crbs: Manifest[] = [];
  const crbNames = new Set<string>();
  const addCRB = (name: string, roleName: string, subjects: Subject[], labels?: Record<string, string>) => {
    if (crbs.length >= crbCount || !crNames.has(roleName)) return;
    crbs.push(binding('ClusterRoleBinding', uniqueName(crbNames, name), undefined, 'ClusterRole', roleName, subjects, labels));
  };
  addCRB('cluster-admin', 'cluster-admin', [group('system:masters')], bootstrap);
  addCRB('system:discovery', 'system:discovery', [group('system:authenticated')], bootstrap);
  addCRB('system:basic-user', 'system:basic-user', [group('system:authenticated')], bootstrap);
  addCRB('system:public-info-viewer', 'system:public-info-viewer', [group('system:authenticated'), group('system:unauthenticated')], bootstrap);
  addCRB('system:monitoring', 'system:monitoring', [group('system:monitoring')], bootstrap);
  addCRB('system:node', 'system:node', [group('system:nodes')], bootstrap);
  addCRB('system:node-proxier', 'system:node-proxier', [user('system:kube-proxy'), sa('kube-system', 'kube-proxy')], bootstrap);
  addCRB('system:kube-scheduler', 'system:kube-scheduler', [user('system:kube-scheduler')], bootstrap);
  addCRB('system:kube-controller-manager', 'system:kube-controller-manager', [user('system:kube-controller-manager')], bootstrap);
  for (const c of controllers) addCRB(`system:controller:${c}`, `system:controller:${c}`, [sa('kube-system', c)], bootstrap);
  addCRB('platform-admins', 'platform:admins', [group('platform-admins'), group('sre')]);
  addCRB('security-auditors', 'platform:read-everything', [group('security-auditors')]);
  addCRB('platform-operators', 'platform:operator', [group('sre'), user(rng.pick(users))]);
  addCRB('observability', 'platform:observability', [group('sre'), sa('kube-system', 'coredns')]);
  for (const a of addons) {
    if (a.controllerRole && nsNames.has(a.namespace)) addCRB(a.controllerRole, a.controllerRole, [sa(a.namespace, a.name)], { 'app.kubernetes.io/name': a.name });
  }
  const allCRNames = [...crNames];
  let wide = 0;
  while (crbs.length < crbCount) {
    const kind = rng.weighted<string>([['team-view', 4], ['user', 3], ['sa', 3], ['multi', 2], ['admin-user', 0.4], ['wide', 0.2]]);
    switch (kind) {
      case 'team-view': {
        const t = rng.pick(teams);
        const g = teamGroup(t, rng.pick(['devs', 'oncall', 'viewers'] as const));
        const roleName = rng.weighted<string>([['view', 4], ['platform:team-reader', 2], ['platform:node-reader', 1], ['platform:autoscaler', 1], ...(viewEditRoles.length ? [[rng.pick(viewEditRoles), 2] as const] : [])]);
        addCRB(`${g}-${roleName.replace(/:/g, '-')}`, roleName, [group(g)]);
        break;
      }
      case 'user': {
        const u = rng.pick(users);
        const roleName = rng.weighted<string>([['view', 3], ['platform:read-everything', 1], ['platform:csr-approver', 0.5], ['platform:impersonator', 0.3], ['platform:namespace-provisioner', 0.5], [rng.pick(allCRNames), 1]]);
        addCRB(`${u.split('@')[0]!.replace(/\./g, '-')}-${roleName.replace(/:/g, '-')}`, roleName, [user(u)]);
        break;
      }
      case 'sa': {
        const [ns, s] = rng.pick(allSas);
        const roleName = rng.weighted<string>([['view', 2], ['system:auth-delegator', 2], ['platform:metrics-scraper', 1], ['platform:namespace-provisioner', 0.5], [rng.pick(allCRNames), 2]]);
        addCRB(`${ns}-${s}-${roleName.replace(/:/g, '-')}`, roleName, [sa(ns, s)]);
        break;
      }
      case 'multi': {
        const subjects: Subject[] = [];
        for (let k = rng.int(2, 5); k > 0; k--) {
          const c = rng.weighted<string>([['u', 3], ['g', 2], ['sa', 2]]);
          if (c === 'u') subjects.push(user(rng.pick(users)));
          else if (c === 'g') subjects.push(group(rng.chance(0.8) ? teamGroup(rng.pick(teams), 'devs') : rng.pick(orgGroups)));
          else {
            const [ns, s] = rng.pick(allSas);
            subjects.push(sa(ns, s));
          }
        }
        const roleName = rng.pick(allCRNames);
        addCRB(`${roleName.replace(/:/g, '-')}-binding`, roleName, subjects);
        break;
      }
      case 'admin-user': {
        const u = rng.pick(users);
        addCRB(`${u.split('@')[0]!.replace(/\./g, '-')}-cluster-admin`, 'cluster-admin', [user(u)]);
        break;
      }
      case 'wide': {
        // The kind of binding an audit should find: every ServiceAccount or every user can read.
        // At most two in a world.
        if (wide >= 2) break;
        wide++;
        const g = rng.pick(['system:serviceaccounts', 'system:authenticated']);
        addCRB(`${g.replace(/:/g, '-')}-view`, rng.pick(['view', 'platform:team-reader']), [group(g)]);
        break;
      }
    }
  }

  // ---- namespaced objects -----------------------------------------------------------------
  const namespaced: Manifest[] = [];
  plans.forEach((p, i) => {
    const fixed = fixedObjects[i]!;
    if (fixed.length) {
      for (const o of fixed) namespaced.push(o);
      return;
    }
    const ns = p.name;
    const teamLabels = { team: p.team, 'app.kubernetes.io/part-of': p.comp };
    namespaced.push({ apiVersion: 'v1', kind: 'Namespace', metadata: meta(ns, undefined, { 'kubernetes.io/metadata.name': ns, team: p.team }) });
    for (const s of p.serviceAccounts) namespaced.push({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: meta(s, ns, s === 'default' ? undefined : teamLabels) });
    const roleNames: string[] = [];
    const usedRoles = new Set<string>();
    for (let k = 0; k < p.roles; k++) {
      const [base, , make] = rng.weighted(ROLE_TEMPLATES.map((t) => [t, t[1]] as const));
      const name = uniqueName(usedRoles, base === 'custom' ? `${p.comp}-${rng.pick(['access', 'ops', 'role', 'permissions'])}` : base);
      roleNames.push(name);
      namespaced.push(role(name, ns, make(rng, p.comp, p.serviceAccounts), teamLabels));
    }
    const usedRbs = new Set<string>();
    const teamUsers = usersByTeam.get(p.team)!;
    for (let k = 0; k < p.roleBindings; k++) {
      // Every local Role gets at least one binding; the rest bind ClusterRoles or Roles again.
      let roleKind: 'Role' | 'ClusterRole';
      let roleName: string;
      if (k < roleNames.length) {
        roleKind = 'Role';
        roleName = roleNames[k]!;
      } else {
        const c = rng.weighted<string>([['edit', 4], ['view', 5], ['admin', 2], ['addon', viewEditRoles.length ? 2 : 0], ['role', roleNames.length ? 2 : 0], ['other', 0.5]]);
        roleKind = c === 'role' ? 'Role' : 'ClusterRole';
        roleName = c === 'role' ? rng.pick(roleNames) : c === 'addon' ? rng.pick(viewEditRoles) : c === 'other' ? rng.pick(['platform:team-reader', 'system:auth-delegator', 'platform:autoscaler']) : c;
      }
      const subjects: Subject[] = [];
      const seen = new Set<string>();
      for (let s = rng.weighted([[1, 5], [2, 3], [3, 2], [4, 1]]); s > 0; s--) {
        const c = rng.weighted<string>([['team-user', 3], ['user', 0.5], ['team-group', 3], ['org-group', 0.5], ['local-sa', 3], ['foreign-sa', 0.5], ['sa-group', 0.3], ['authenticated', 0.004]]);
        let subj: Subject;
        switch (c) {
          case 'team-user':
            subj = user(rng.pick(teamUsers.length ? teamUsers : users));
            break;
          case 'user':
            subj = user(rng.pick(users));
            break;
          case 'team-group':
            subj = group(teamGroup(p.team, rng.pick(['devs', 'oncall', 'viewers'] as const)));
            break;
          case 'org-group':
            subj = group(rng.pick(orgGroups));
            break;
          case 'local-sa':
            // A ServiceAccount subject in a RoleBinding may leave out its namespace: it means the binding's.
            subj = sa(rng.chance(0.7) ? ns : undefined, rng.pick(p.serviceAccounts));
            break;
          case 'foreign-sa': {
            const [fns, fsa] = rng.pick(allSas);
            subj = sa(fns, fsa);
            break;
          }
          case 'sa-group':
            subj = group(`system:serviceaccounts:${rng.chance(0.8) ? ns : rng.pick(teamPlans.length ? teamPlans : plans).name}`);
            break;
          default:
            subj = group('system:authenticated');
        }
        const key = `${subj.kind}/${subj.namespace ?? ''}/${subj.name}`;
        if (seen.has(key)) continue;
        seen.add(key);
        subjects.push(subj);
      }
      const first = subjects[0]!;
      const who = first.kind === 'User' ? first.name.split('@')[0]!.replace(/\./g, '-') : first.name.replace(/:/g, '-');
      const name = uniqueName(usedRbs, k < roleNames.length || rng.chance(0.5) ? `${roleName.replace(/:/g, '-')}-binding` : `${who}-${roleName.replace(/:/g, '-')}`);
      namespaced.push(binding('RoleBinding', name, ns, roleKind, roleName, subjects, teamLabels));
    }
  });

  const out = [...clusterRoles, ...crbs, ...namespaced];
  if (out.length !== N) throw new Error(`generateWorld: internal error, made ${out.length} objects for a target of ${N}`);
  return out;
}

/** Object counts by kind, in a fixed order. */
export function countKinds(objects: readonly Manifest[]): Record<string, number> {
  const out: Record<string, number> = { Namespace: 0, ServiceAccount: 0, Role: 0, RoleBinding: 0, ClusterRole: 0, ClusterRoleBinding: 0 };
  for (const o of objects) out[o.kind] = (out[o.kind] ?? 0) + 1;
  return out;
}

/** Multi-document YAML, one document per object (as `helm template` or a folder of manifests concatenated). */
export function toYamlStream(objects: readonly Manifest[]): string {
  const parts: string[] = [];
  for (const o of objects) parts.push(jsYaml.dump(o, { noRefs: true, lineWidth: -1 }));
  return parts.join('---\n');
}

/** One `kind: List` JSON document (as `kubectl get ... -o json` prints it, 4-space indent). */
export function toJsonList(objects: readonly Manifest[]): string {
  return `${JSON.stringify({ apiVersion: 'v1', kind: 'List', items: objects, metadata: { resourceVersion: '' } }, null, 4)}\n`;
}
