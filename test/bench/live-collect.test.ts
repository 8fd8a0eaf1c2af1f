// Benchmark, not a test: collects a synthetic cluster from the local fake API server in a child
// process and reports its time and peak memory. Runs only with RBAC_BENCH=1 (npm run bench:collect).
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { join } from 'node:path';
import { test } from 'vitest';
import { generateWorld } from '../../src/bench/generate.js';
import { FakeApiServer } from '../helpers/api-server.js';
import { repoRoot } from '../helpers/cli.js';

const sizes = (process.env.RBAC_BENCH_SIZES ?? '10000,100000').split(',').map(Number);

test.runIf(process.env.RBAC_BENCH === '1').each(sizes)('collect %i objects from a live API server', async (objects) => {
  const world = generateWorld({ objects, seed: 1 }) as unknown as Record<string, unknown>[];
  const server = await FakeApiServer.start(world);
  try {
    const kubeconfig = server.writeKubeconfig();
    const script = `const { collectCluster } = await import(${JSON.stringify(join(repoRoot, 'dist/collect/cluster.js'))});
const t0 = performance.now();
const s = await collectCluster({ kubeconfig: ${JSON.stringify(kubeconfig)} });
const ms = performance.now() - t0;
const n = s.roles.length + s.clusterRoles.length + s.roleBindings.length + s.clusterRoleBindings.length + s.serviceAccounts.length + s.namespaces.length;
console.log(JSON.stringify({ objects: n, ms: Math.round(ms), maxRssMiB: Math.round(process.resourceUsage().maxRSS / 1024), diagnostics: s.diagnostics.length }));`;
    // The server runs in this process, so the child must be awaited, not waited for synchronously.
    const r = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 600_000, maxBuffer: 1 << 24 });
    const requests = server.requests.length;
    console.log(`live collection of ${objects} generated objects: ${r.stdout.trim()} (${requests} API requests)${r.stderr ? ` stderr: ${r.stderr}` : ''}`);
  } finally {
    await server.close();
  }
}, 900_000);
