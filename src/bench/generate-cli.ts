// Writes a synthetic RBAC world (bench/generate.ts) to a file or stdout.
//   node dist/bench/generate-cli.js --objects 100000 --seed 1 --format yaml|json -o FILE
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { generatePods } from './generate-pods.js';
import { countKinds, generateWorld, MIN_OBJECTS, toJsonList, toYamlStream } from './generate.js';

const USAGE = `usage: generate-cli.js --objects N [--seed S] [--format yaml|json] [-o FILE]

Writes a deterministic synthetic RBAC world of exactly N objects (Roles, ClusterRoles,
RoleBindings, ClusterRoleBindings, ServiceAccounts, Namespaces; N >= ${MIN_OBJECTS}).
  --objects N        object count
  --seed S           PRNG seed (default 1); the same N and S give the same bytes
  --pods P           also P workloads (bare Pods on nodes, and a few DaemonSets) running as the
                     world's ServiceAccounts (bench/generate-pods.ts); not counted in N
  --format F         yaml: a multi-document stream (default); json: one kind: List
  -o, --output FILE  where to write (default: stdout)
`;

function main(): number {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        objects: { type: 'string' },
        seed: { type: 'string', default: '1' },
        pods: { type: 'string', default: '0' },
        format: { type: 'string', default: 'yaml' },
        output: { type: 'string', short: 'o' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (err) {
    process.stderr.write(`error: ${(err as Error).message}\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const objects = Number(values.objects);
  const seed = Number(values.seed);
  if (!values.objects || !Number.isInteger(objects) || objects < MIN_OBJECTS) {
    process.stderr.write(`error: --objects must be an integer >= ${MIN_OBJECTS}\n${USAGE}`);
    return 2;
  }
  if (!Number.isInteger(seed)) {
    process.stderr.write(`error: --seed must be an integer\n${USAGE}`);
    return 2;
  }
  if (values.format !== 'yaml' && values.format !== 'json') {
    process.stderr.write(`error: --format must be yaml or json\n${USAGE}`);
    return 2;
  }
  const pods = Number(values.pods);
  if (!Number.isInteger(pods) || pods < 0) {
    process.stderr.write(`error: --pods must be an integer >= 0\n${USAGE}`);
    return 2;
  }
  const rbacWorld = generateWorld({ objects, seed });
  const world = pods ? [...rbacWorld, ...generatePods(rbacWorld, { pods, seed })] : rbacWorld;
  const text = values.format === 'json' ? toJsonList(world) : toYamlStream(world);
  if (!values.output || values.output === '-') process.stdout.write(text);
  else writeFileSync(values.output, text);
  const kinds = Object.entries(countKinds(world))
    .map(([k, n]) => `${k}: ${n}`)
    .join(', ');
  process.stderr.write(`${world.length} objects (${kinds}), seed ${seed}, ${(Buffer.byteLength(text) / 1048576).toFixed(1)} MiB of ${values.format}${values.output && values.output !== '-' ? ` -> ${values.output}` : ''}\n`);
  return 0;
}

process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  // `generate-cli.js ... | head` closes the pipe early: not an error.
  if (err.code === 'EPIPE') process.exit(0);
  throw err;
});

process.exitCode = main();
