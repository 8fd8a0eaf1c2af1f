// Every command and library snippet in README.md and docs/*.md runs, and its output is what the
// doc shows (a line `...` in the doc cuts any number of lines). Commands without an output block
// must still work: no usage error, unreadable input or internal error. A block the test cannot run
// here says why in a `<!-- doc-test: skip REASON -->` comment right above it.
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { transformSync } from 'esbuild';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { FakeApiServer, manifestObjects } from '../helpers/api-server.js';
import { repoRoot } from '../helpers/cli.js';
import { examples, matchesDoc, shownFiles, type DocExample } from '../helpers/doc-blocks.js';
import { docSandbox, type DocSandbox } from '../helpers/doc-sandbox.js';

const files = ['README.md', ...readdirSync(join(repoRoot, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];
const all = files.flatMap((f) => examples(f, readFileSync(join(repoRoot, f), 'utf8')));
const runnable = all.filter((e) => !e.skip);

let server: FakeApiServer;
let box: DocSandbox;

beforeAll(async () => {
  // The cluster of the docs' "current context": the teaching world on the default policy.
  server = await FakeApiServer.start(manifestObjects(...readdirSync(join(repoRoot, 'samples/kubernetes-bootstrap')).filter((f) => f.endsWith('.yaml')).map((f) => join(repoRoot, 'samples/kubernetes-bootstrap', f)), join(repoRoot, 'samples/worlds/teaching.yaml')));
  box = docSandbox([server.writeKubeconfig({}), server.writeKubeconfig({ context: 'prod' })].join(':'));
});
// RBAC_DOCS_UPDATE=1 writes what the commands print into the docs' output blocks that have no
// `...` cut (review the diff: a changed answer is a finding, not a chore).
const updates = new Map<string, { at: number; old: string; now: string }[]>();
afterAll(async () => {
  for (const [file, list] of updates) {
    let text = readFileSync(join(repoRoot, file), 'utf8');
    for (const u of list.sort((a, b) => b.at - a.at)) if (text.startsWith(u.old, u.at)) text = text.slice(0, u.at) + u.now + text.slice(u.at + u.old.length);
    writeFileSync(join(repoRoot, file), text);
  }
  await server?.close();
  if (box) rmSync(box.dir, { recursive: true, force: true });
});

function run(file: string, args: string[], input = ''): Promise<{ out: string; code: number }> {
  return new Promise((resolve, reject) => {
    const p = spawn(file, args, { cwd: box.dir, env: box.env, stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    p.stdout.on('data', (d) => (out += d));
    p.stderr.on('data', (d) => (out += d));
    p.on('error', reject);
    p.on('close', (code) => resolve({ out, code: code ?? -1 }));
    // A command that reads no stdin may exit before the write lands: EPIPE then is not a failure.
    p.stdin.on('error', () => {});
    p.stdin.end(input);
  });
}

function failedRuns(): string[] {
  try {
    const log = readFileSync(box.rcLog, 'utf8');
    rmSync(box.rcLog);
    return log.trim().split('\n');
  } catch {
    return [];
  }
}

test.each(files.flatMap((f) => shownFiles(f, readFileSync(join(repoRoot, f), 'utf8'))).map((b) => [`${b.file}:${b.line} ${b.path}`, b] as const))('%s: the doc shows the shipped file', (_, b) => {
  expect(b.body).toBe(readFileSync(join(repoRoot, b.path), 'utf8'));
});

const name = (e: DocExample) => `${e.file}:${e.line} ${e.code.trim().split('\n')[0]!.slice(0, 70)}`;

test('the docs have examples, and every one the test cannot run says why', () => {
  expect(runnable.length).toBeGreaterThan(50);
  for (const e of all.filter((x) => x.skip)) expect(e.skip!.length, name(e)).toBeGreaterThan(10);
});

describe.each(runnable.filter((e) => e.kind === 'shell').map((e) => [name(e), e] as const))('%s', (_, e) => {
  test('runs as documented', async () => {
    failedRuns();
    const { out } = await run('bash', ['-c', e.code]);
    if (e.output && !matchesDoc(e.output.body, out) && process.env.RBAC_DOCS_UPDATE && !/^\s*\.\.\.\s*$/m.test(e.output.body)) {
      updates.set(e.file, [...(updates.get(e.file) ?? []), { at: e.output.at, old: e.output.body, now: out.replace(/\n*$/, '\n') }]);
      return;
    }
    if (e.output) expect(matchesDoc(e.output.body, out), `${e.file}:${e.line} printed:\n${out}`).toBe(true);
    else expect(failedRuns(), `${e.file}:${e.line} printed:\n${out}`).toEqual([]);
  }, 120_000);
});

describe('library snippets', () => {
  const snippets = runnable.filter((e) => e.kind !== 'shell');
  const dir = () => join(box.dir, 'snippets');
  const base = (e: DocExample) => `${e.file.replace(/[/.]/g, '_')}_${e.line}`;

  test('compile with the published types', async () => {
    mkdirSync(dir(), { recursive: true });
    for (const e of snippets) writeFileSync(join(dir(), `${base(e)}.${e.kind === 'ts' ? 'mts' : 'mjs'}`), e.code);
    writeFileSync(
      join(dir(), 'tsconfig.json'),
      JSON.stringify({ compilerOptions: { module: 'nodenext', moduleResolution: 'nodenext', target: 'es2022', strict: true, noEmit: true, allowJs: true, checkJs: false, skipLibCheck: true, types: ['node'], typeRoots: [join(repoRoot, 'node_modules/@types')] }, include: ['*.mts', '*.mjs'] }),
    );
    const { out, code } = await run(process.execPath, [join(repoRoot, 'node_modules/typescript/bin/tsc'), '-p', join(dir(), 'tsconfig.json')]);
    expect(out, out).toBe('');
    expect(code).toBe(0);
  }, 120_000);

  test.each(snippets.map((e) => [name(e), e] as const))('%s runs', async (_, e) => {
    const js = e.kind === 'ts' ? transformSync(e.code, { loader: 'ts', format: 'esm' }).code : e.code;
    const file = join(dir(), `${base(e)}.run.mjs`);
    mkdirSync(dir(), { recursive: true });
    writeFileSync(file, js);
    const { out, code } = await run(process.execPath, [file]);
    expect(code, out).toBe(0);
    if (e.output) expect(matchesDoc(e.output.body, out), `${e.file}:${e.line} printed:\n${out}`).toBe(true);
  }, 120_000);
});
