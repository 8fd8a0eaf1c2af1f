// The package as users get it: `npm pack`, then `npm install -g` of the tarball into a clean
// prefix (--prefer-offline: from the npm cache, asking the registry only for what it lacks), gives working `rbac` and `kubectl-rbac` commands, and
// kubectl finds `kubectl-rbac` on PATH as the plugin `kubectl rbac`. Needs the tsc build
// (dist/index.js, the library entry) as `npm run build` makes it; the bundle comes from the setup.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sourceMappedStack } from '../../src/cli/source-mapped-stack.js';
import { bundleFrame, lineOf, repoRoot } from '../helpers/cli.js';

const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { name: string; bin: Record<string, string> };
const work = mkdtempSync(join(tmpdir(), 'rbac-pack-'));
const prefix = join(work, 'prefix');
const bin = join(prefix, 'bin');
let files: string[] = [];

function npm(args: string[], cwd = repoRoot): string {
  return execFileSync('npm', args, { cwd, encoding: 'utf8', env: { ...process.env, npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false' }, stdio: ['ignore', 'pipe', 'pipe'] });
}

/** A command from the install prefix only: PATH is the prefix's bin and node's own folder. */
function installed(cmd: string, args: string[]) {
  const r = spawnSync(cmd, args, { cwd: join(repoRoot, 'samples'), encoding: 'utf8', env: { ...process.env, PATH: [bin, dirname(process.execPath), '/usr/bin', '/bin'].join(delimiter), NO_COLOR: '1' } });
  return { stdout: r.stdout, stderr: r.stderr, code: r.status ?? -1 };
}

beforeAll(() => {
  if (!existsSync(join(repoRoot, 'dist/index.js'))) throw new Error('dist/index.js is missing: run `npm run build` first');
  // --ignore-scripts: the build is already there; prepare would run tsc again.
  const [packed] = JSON.parse(npm(['pack', '--ignore-scripts', '--json', '--pack-destination', work])) as { filename: string; files: { path: string }[] }[];
  files = packed!.files.map((f) => f.path);
  npm(['install', '-g', '--prefix', prefix, '--prefer-offline', '--ignore-scripts', join(work, packed!.filename)], work);
}, 300_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('npm pack, then npm install -g of the tarball', () => {
  it('is published under a name of its own, with both commands pointing at the bundle', () => {
    expect(pkg.name).toBe('kubectl-rbac');
    expect(pkg.bin).toEqual({ rbac: 'dist/bundle/rbac.mjs', 'kubectl-rbac': 'dist/bundle/rbac.mjs' });
  });

  it('ships the bundle with its source maps, the library, the checks and the docs, and no tests, sources or benchmarks', () => {
    expect(files).toEqual(expect.arrayContaining(['package.json', 'README.md', 'dist/bundle/rbac.mjs', 'dist/bundle/rbac-cli.cjs', 'dist/bundle/rbac-cli.cjs.map', 'dist/bundle/rbac-cli.cache', 'dist/index.js', 'dist/index.d.ts', 'docs/cli.md']));
    expect(files.filter((f) => f.startsWith('queries/')).length).toBe(readdirSync(join(repoRoot, 'queries')).length);
    expect(files.filter((f) => /^(src|test|samples|scripts)\/|^dist\/(bench|tools)\/|\.test\.|^vitest|^tsconfig/.test(f))).toEqual([]);
  });

  it.each([['rbac'], ['kubectl-rbac']])('%s answers who-can on manifests', (cmd) => {
    const r = installed(cmd, ['who-can', 'delete', 'secrets', '-n', 'kube-system', '-f', 'kubernetes-bootstrap', '-o', 'json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const answer = JSON.parse(r.stdout) as { subjects: { name: string }[] };
    expect(answer.subjects.map((s) => s.name)).toEqual(expect.arrayContaining(['system:masters', 'system:kube-controller-manager', 'token-cleaner']));
  });

  it('kubectl lists kubectl-rbac as a plugin and runs it as `kubectl rbac`', () => {
    const list = installed('kubectl', ['plugin', 'list']);
    expect(list.stdout).toContain(join(bin, 'kubectl-rbac'));
    const r = installed('kubectl', ['rbac', 'can', 'sa:kube-system:replicaset-controller', 'create', 'pods', '-n', 'default', '-f', 'kubernetes-bootstrap', '-q']);
    expect(r.stdout).toMatch(/^yes\b/);
    expect(r.code).toBe(0);
  });

  it('finds the shipped checks, the lazily loaded graph libraries and the report page assets', () => {
    const audit = installed('rbac', ['audit', '--list-checks']);
    expect(audit.code).toBe(0);
    expect(audit.stdout).toMatch(/secrets-read/);
    const gexf = installed('rbac', ['graph', '-o', 'gexf', '--focus', 'clusterrole:admin', '-f', 'worlds/teaching.yaml', '-q']);
    expect(gexf.code).toBe(0);
    expect(gexf.stdout).toContain('<gexf');
    const report = installed('rbac', ['report', '--html', '-', '-f', 'worlds/teaching.yaml', '-q']);
    expect(report.code).toBe(0);
    expect(report.stdout).toMatch(/^<!doctype html>/i);
  });

  it('starts from the code cache the build made, though it is installed elsewhere', () => {
    // The cache names no path (src/cli/code-cache.ts): made in the repository, it serves the copy.
    const dir = join(prefix, 'lib/node_modules', pkg.name, 'dist');
    const script = `import { requireCompiled } from ${JSON.stringify(join(dir, 'cli/code-cache.js'))}; process.stdout.write(requireCompiled(${JSON.stringify(join(dir, 'bundle/rbac-cli.cjs'))}, ${JSON.stringify(join(dir, 'bundle/rbac-cli.cache'))}, 'dist/bundle/rbac-cli.cjs').cache);`;
    expect(execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' })).toBe('used');
  });

  it('maps an internal error\'s stack from the installed bundle back to src/', () => {
    const dir = join(prefix, 'lib/node_modules', pkg.name, 'dist/bundle');
    const mapped = sourceMappedStack(`Error: boom\n    at visible (${bundleFrame(dir, 'function visible(')})`, join(dir, 'rbac-cli.cjs'));
    expect(mapped).toMatch(new RegExp(`at visible \\(.*[\\\\/]src[\\\\/]cli[\\\\/]run\\.ts:${lineOf('src/cli/run.ts', 'export function visible(')}:\\d+\\)$`));
  });
});
