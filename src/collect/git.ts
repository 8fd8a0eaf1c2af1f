// Reads manifests at a git revision of the current repository without touching the work tree:
// `git ls-tree` for the file list, `git cat-file --batch` for the contents.
import { execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';
import { InputError } from '../errors.js';
import type { Snapshot } from '../model/snapshot.js';
import { SnapshotBuilder, type AssembleOptions } from './assemble.js';
import { classifyTree } from './repo-layout.js';

const run = promisify(execFile);

async function git(args: string[], cwd: string): Promise<string> {
  try {
    const { stdout } = await run('git', args, { cwd, maxBuffer: 1 << 30 });
    return stdout;
  } catch (err) {
    const e = err as { stderr?: string; code?: string; message: string };
    if (e.code === 'ENOENT') throw new InputError('git is not installed: --git needs it');
    throw new InputError(`git ${args.join(' ')}: ${(e.stderr || e.message).trim().split('\n')[0]}`);
  }
}

/** "A...B" (merge base of A and B vs B, as git diff), "A..B" (A vs B) or "A" (A vs the work tree's HEAD). */
export async function resolveRange(range: string, cwd = process.cwd()): Promise<{ base: string; head: string }> {
  // A revision is never an option: `--git=--output=x` must not reach git as one.
  if (range.split(/\.\.\.?/).some((rev) => rev.startsWith('-'))) throw new InputError(`--git ${range}: a revision cannot start with "-"`);
  const three = range.indexOf('...');
  if (three >= 0) {
    const [a, b] = [range.slice(0, three) || 'HEAD', range.slice(three + 3) || 'HEAD'];
    return { base: (await git(['merge-base', a, b], cwd)).trim(), head: b };
  }
  const two = range.indexOf('..');
  if (two >= 0) return { base: range.slice(0, two) || 'HEAD', head: range.slice(two + 2) || 'HEAD' };
  return { base: range, head: 'HEAD' };
}

export async function loadGitRevision(rev: string, paths: readonly string[], options: AssembleOptions = {}, cwd = process.cwd()): Promise<Snapshot> {
  const top = (await git(['rev-parse', '--show-toplevel'], cwd)).trim();
  const prefix = (await git(['rev-parse', '--show-prefix'], cwd)).trim();
  const all = (await git(['ls-tree', '-r', '-z', '--name-only', '--full-tree', rev, '--', ...(paths.length ? paths.map((p) => prefix + p.replace(/^\.\//, '')) : [prefix || '.'])], top)).split('\0').filter((f) => f).sort();
  const layout = classifyTree(all);
  const builder = new SnapshotBuilder(options);
  builder.noteLayout({ ...layout, recipes: layout.recipes.map((f) => `${rev}:${f}`) });
  const contents = await catFiles(top, layout.manifests.map((f) => `${rev}:${f}`));
  layout.manifests.forEach((f, i) => builder.addText(`${rev}:${f}`, contents[i]!, 'folder'));
  return builder.build({ origin: 'files', inputs: [`git ${rev}`] }, { summary: true });
}

function catFiles(cwd: string, specs: string[]): Promise<string[]> {
  return new Promise((resolve, reject) => {
    if (specs.length === 0) return resolve([]);
    const p = spawn('git', ['cat-file', '--batch'], { cwd });
    const chunks: Buffer[] = [];
    p.stdout.on('data', (c: Buffer) => chunks.push(c));
    p.on('error', (e) => reject(new InputError(`git cat-file: ${e.message}`)));
    p.on('close', () => {
      const buf = Buffer.concat(chunks);
      const out: string[] = [];
      let pos = 0;
      for (const spec of specs) {
        const nl = buf.indexOf(10, pos);
        const header = buf.subarray(pos, nl).toString();
        const size = Number(header.split(' ')[2]);
        if (Number.isNaN(size)) return reject(new InputError(`git cat-file ${spec}: ${header}`));
        out.push(buf.subarray(nl + 1, nl + 1 + size).toString('utf8'));
        pos = nl + 1 + size + 1;
      }
      resolve(out);
    });
    p.stdin.end(`${specs.join('\n')}\n`);
  });
}
