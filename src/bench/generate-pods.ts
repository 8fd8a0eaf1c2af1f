// Pods for a generated RBAC world (generate.ts), for the workload benchmark: N Pods spread over
// the world's ServiceAccounts and a fixed set of nodes, deterministic for a seed. About 1 in 20
// reaches its node (hostPath, hostPID or privileged), 1 in 10 opts out of the token, and a few
// DaemonSets run on every node, so every workload edge of `rbac paths` is exercised.
import { Rng, type Manifest } from './generate.js';

export interface PodOptions {
  pods: number;
  seed: number;
  /** Node names node-0 .. node-(nodes-1); default one per 150 pods, at least 3. */
  nodes?: number;
}

export function generatePods(world: readonly Manifest[], opts: PodOptions): Manifest[] {
  const rng = new Rng(opts.seed ^ 0x5eed);
  const sas = world.filter((m) => m.kind === 'ServiceAccount').map((m) => [m.metadata.namespace!, m.metadata.name] as const);
  if (sas.length === 0) throw new Error('the world has no ServiceAccounts to run pods as');
  const nodes = opts.nodes ?? Math.max(3, Math.ceil(opts.pods / 150));
  const out: Manifest[] = [];
  const daemonSets = Math.min(20, Math.floor(opts.pods / 2500));
  for (let i = 0; i < opts.pods; i++) {
    const [ns, sa] = rng.pick(sas);
    const escape = rng.weighted([[undefined, 19], ['hostPath', 0.4], ['hostPID', 0.3], ['privileged', 0.3]] as const);
    const spec: Record<string, unknown> = {
      serviceAccountName: sa,
      ...(rng.chance(0.1) ? { automountServiceAccountToken: false } : {}),
      ...(escape === 'hostPID' ? { hostPID: true } : {}),
      ...(escape === 'hostPath' ? { volumes: [{ name: 'root', hostPath: { path: '/' } }] } : {}),
      containers: [{ name: 'app', image: 'registry.example/app:1', ...(escape === 'privileged' ? { securityContext: { privileged: true } } : {}) }],
    };
    if (i < daemonSets) {
      out.push({ apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: `agent-${i}`, namespace: ns }, spec: { selector: { matchLabels: { app: `agent-${i}` } }, template: { metadata: { labels: { app: `agent-${i}` } }, spec } } });
      continue;
    }
    out.push({ apiVersion: 'v1', kind: 'Pod', metadata: { name: `pod-${i}`, namespace: ns }, spec: { ...spec, nodeName: `node-${rng.int(0, nodes - 1)}` } });
  }
  return out;
}
