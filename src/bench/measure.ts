// One benchmark measurement, run by bench/run.ts in a fresh `node` process so that its timing
// and peak RSS do not depend on what ran before. Prints one JSON line on stdout.
//
//   node dist/bench/measure.js TASK FILE [--queries N] [--seed S]
//
// TASK:
//   yaml-parse  readFile + js-yaml loadAll with CORE_SCHEMA, as the loader parses (the floor for YAML input)
//   yaml-parse-default  the same with js-yaml's default schema (timestamps, merge keys, ...)
//   json-parse  readFile + JSON.parse (the floor for JSON input)
//   load        loadFiles([FILE]): read, decode, normalise, assemble the Snapshot
//   analyze     load, then analyze() (the Policy build); peak RSS is that of load + analyze
//   graph       load + analyze, then the first access of analysis.graph
//   who-can     load + analyze, then N whoCan() queries in a random namespace and N with -A
//   what-can    load + analyze, then whatCan() for N random subjects of the input's bindings
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import jsYaml from 'js-yaml';
import { loadFiles } from '../collect/files.js';
import { analyze, type Analysis } from '../engine/analyze.js';
import type { Snapshot } from '../model/snapshot.js';
import { userInfoFor } from '../engine/subject-spec.js';
import { withImplicitGroups } from '../semantics/user-info.js';
import { Rng } from './generate.js';
import { median, percentile } from './stats.js';

type Result = Record<string, unknown>;

const now = () => performance.now();

/** Wall time and CPU time (user + system, all threads: GC helpers included) since it was made. */
function clock(): { ms: () => number; cpuMs: () => number } {
  const t = now();
  const c = process.cpuUsage();
  return {
    ms: () => now() - t,
    cpuMs: () => {
      const d = process.cpuUsage(c);
      return (d.user + d.system) / 1000;
    },
  };
}

function rssMiB(): number {
  return process.resourceUsage().maxRSS / 1024;
}

function gc(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

function diagnosticCounts(snapshot: Snapshot, analysis?: Analysis): Record<string, number> {
  const out: Record<string, number> = { error: 0, warning: 0, info: 0 };
  for (const d of analysis ? analysis.diagnostics : snapshot.diagnostics) out[d.severity] = (out[d.severity] ?? 0) + 1;
  return out;
}

function objectCount(s: Snapshot): number {
  return s.roles.length + s.clusterRoles.length + s.roleBindings.length + s.clusterRoleBindings.length + s.serviceAccounts.length + s.namespaces.length;
}

async function loadAndAnalyze(file: string): Promise<{ snapshot: Snapshot; analysis: Analysis; loadMs: number; analyzeMs: number; analyzeCpuMs: number }> {
  let c = clock();
  const snapshot = await loadFiles([file]);
  const loadMs = c.ms();
  c = clock();
  const analysis = analyze(snapshot);
  return { snapshot, analysis, loadMs, analyzeMs: c.ms(), analyzeCpuMs: c.cpuMs() };
}

// Requests people ask about, as they would type them.
const WHO_CAN_SPECS: [verb: string, resource: string, name?: string][] = [
  ['get', 'pods'],
  ['list', 'pods'],
  ['delete', 'pods'],
  ['create', 'pods/exec'],
  ['get', 'pods/log'],
  ['get', 'secrets'],
  ['list', 'secrets'],
  ['delete', 'secrets'],
  ['get', 'secrets', 'api-tls'],
  ['update', 'configmaps'],
  ['get', 'configmaps', 'api-config'],
  ['patch', 'deployments.apps'],
  ['update', 'deployments.apps/scale'],
  ['create', 'jobs.batch'],
  ['update', 'leases.coordination.k8s.io', 'api-leader'],
  ['create', 'rolebindings.rbac.authorization.k8s.io'],
  ['bind', 'roles.rbac.authorization.k8s.io'],
  ['create', 'serviceaccounts/token'],
  ['delete', 'ingresses.networking.k8s.io'],
  ['list', 'servicemonitors.monitoring.coreos.com'],
  ['create', 'certificates.cert-manager.io'],
  ['impersonate', 'serviceaccounts'],
];

function timeQueries<T>(count: number, make: (i: number) => T, run: (q: T) => number): { times: number[]; sizes: number[] } {
  const queries = Array.from({ length: count }, (_, i) => make(i));
  const times: number[] = [];
  const sizes: number[] = [];
  for (const q of queries) {
    const t = now();
    const size = run(q);
    times.push(now() - t);
    sizes.push(size);
  }
  return { times, sizes };
}

function summary(prefix: string, r: { times: number[]; sizes: number[] }): Result {
  return {
    [`${prefix}MedianMs`]: median(r.times),
    [`${prefix}P95Ms`]: percentile(r.times, 95),
    [`${prefix}FirstMs`]: r.times[0],
    [`${prefix}MedianGrants`]: median(r.sizes),
    [`${prefix}Queries`]: r.times.length,
  };
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { queries: { type: 'string', default: '200' }, seed: { type: 'string', default: '1' } },
  });
  const [task, file] = positionals;
  if (!task || !file) throw new Error('usage: measure.js TASK FILE [--queries N] [--seed S]');
  const queries = Number(values.queries);
  const rng = new Rng(Number(values.seed) + 7919);
  let out: Result = { task, file };

  switch (task) {
    case 'yaml-parse':
    case 'yaml-parse-default': {
      // The floor uses the schema the loader uses (CORE_SCHEMA: JSON-compatible values, as
      // Kubernetes reads YAML); yaml-parse-default is js-yaml's default schema, for comparison.
      const options = task === 'yaml-parse' ? { schema: jsYaml.CORE_SCHEMA } : undefined;
      const c = clock();
      const text = readFileSync(file, 'utf8');
      const readMs = c.ms();
      let docs = 0;
      jsYaml.loadAll(
        text,
        () => {
          docs++;
        },
        options,
      );
      out = { ...out, ms: c.ms(), cpuMs: c.cpuMs(), readMs, documents: docs };
      break;
    }
    case 'json-parse': {
      const c = clock();
      const text = readFileSync(file, 'utf8');
      const readMs = c.ms();
      const value = JSON.parse(text) as { items?: unknown[] };
      out = { ...out, ms: c.ms(), cpuMs: c.cpuMs(), readMs, documents: value.items?.length ?? 1 };
      break;
    }
    case 'load': {
      const c = clock();
      const snapshot = await loadFiles([file]);
      out = { ...out, ms: c.ms(), cpuMs: c.cpuMs(), objects: objectCount(snapshot), diagnostics: diagnosticCounts(snapshot) };
      break;
    }
    case 'analyze': {
      const { snapshot, analysis, loadMs, analyzeMs, analyzeCpuMs } = await loadAndAnalyze(file);
      out = { ...out, loadMs, ms: analyzeMs, cpuMs: analyzeCpuMs, objects: objectCount(snapshot), roles: analysis.policy.roles.size, diagnostics: diagnosticCounts(snapshot, analysis) };
      break;
    }
    case 'graph': {
      const { analysis, loadMs, analyzeMs } = await loadAndAnalyze(file);
      const c = clock();
      const g = analysis.graph;
      out = { ...out, loadMs, analyzeMs, ms: c.ms(), cpuMs: c.cpuMs(), nodes: g.order, edges: g.size };
      break;
    }
    case 'who-can': {
      const { snapshot, analysis, loadMs, analyzeMs } = await loadAndAnalyze(file);
      const namespaces = snapshot.namespaces.map((n) => n.name);
      if (namespaces.length === 0) throw new Error('no namespaces in the input');
      gc();
      const ns = timeQueries(
        queries,
        () => {
          const [verb, resource, name] = rng.pick(WHO_CAN_SPECS);
          return analysis.resolve({ verb, resource, namespace: rng.pick(namespaces), ...(name ? { name } : {}) });
        },
        (q) => analysis.whoCan(q.request, { allNamespaces: q.allNamespaces }).grants.length,
      );
      gc();
      const all = timeQueries(
        queries,
        () => {
          const [verb, resource, name] = rng.pick(WHO_CAN_SPECS);
          return analysis.resolve({ verb, resource, allNamespaces: true, ...(name ? { name } : {}) });
        },
        (q) => analysis.whoCan(q.request, { allNamespaces: q.allNamespaces }).grants.length,
      );
      out = { ...out, loadMs, analyzeMs, ...summary('ns', ns), ...summary('all', all) };
      break;
    }
    case 'what-can': {
      const { analysis, loadMs, analyzeMs } = await loadAndAnalyze(file);
      // Every identity some binding names, as the index keys them: User:NAME (ServiceAccounts
      // included, as system:serviceaccount:NS:NAME) and Group:NAME.
      const keys = [...analysis.policy.bindingsBySubject.keys()];
      gc();
      const r = timeQueries(
        queries,
        () => {
          const key = rng.pick(keys);
          const i = key.indexOf(':');
          const kind = key.slice(0, i);
          const name = key.slice(i + 1);
          return kind === 'Group' ? userInfoFor({ kind: 'Group', name }) : withImplicitGroups(name, []);
        },
        (user) => {
          const res = analysis.whatCan(user);
          return res.grants.length + res.ineffective.length;
        },
      );
      out = { ...out, loadMs, analyzeMs, subjects: keys.length, ...summary('whatCan', r) };
      break;
    }
    default:
      throw new Error(`unknown task ${task}`);
  }
  out.maxRssMiB = rssMiB();
  process.stdout.write(`${JSON.stringify(out)}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`${(err as Error)?.stack ?? String(err)}\n`);
  process.exitCode = 1;
});
