// Reads manifests at a git revision of the current repository without touching the work tree:
// `git ls-tree` for the file list, `git cat-file --batch` for the contents, by object id.
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

/** Largest blob read as a manifest: far above any real one, and below V8's longest string. */
export const MAX_BLOB_BYTES = 256 * 1024 * 1024;

interface Blob {
  path: string;
  oid: string;
  size: number;
}

export async function loadGitRevision(rev: string, paths: readonly string[], options: AssembleOptions = {}, cwd = process.cwd(), maxBlobBytes = MAX_BLOB_BYTES): Promise<Snapshot> {
  const top = (await git(['rev-parse', '--show-toplevel'], cwd)).trim();
  const prefix = (await git(['rev-parse', '--show-prefix'], cwd)).trim();
  // -z -l: "<mode> <type> <oid> <size>\t<path>\0". The path is only a label from here on: blobs
  // are asked for by object id, so no name (a newline in it, "rev:path" inside it) can shift them.
  const listing = await git(['ls-tree', '-r', '-z', '-l', '--full-tree', rev, '--', ...(paths.length ? paths.map((p) => prefix + p.replace(/^\.\//, '')) : [prefix || '.'])], top);
  const byPath = new Map<string, Blob>();
  for (const entry of listing.split('\0')) {
    const tab = entry.indexOf('\t');
    if (tab < 0) continue;
    const [, type, oid, size] = entry.slice(0, tab).split(/ +/);
    if (type === 'blob' && oid) byPath.set(entry.slice(tab + 1), { path: entry.slice(tab + 1), oid, size: Number(size) });
  }
  const layout = classifyTree([...byPath.keys()].sort());
  const builder = new SnapshotBuilder(options);
  builder.noteLayout({ ...layout, recipes: layout.recipes.map((f) => `${rev}:${f}`) });
  const blobs = layout.manifests.map((f) => byPath.get(f)!);
  for (const b of blobs) if (b.size > maxBlobBytes) throw new InputError(`${rev}:${b.path}: ${b.size} bytes, more than the ${maxBlobBytes} bytes a manifest may have; not read`);
  const contents = await catBlobs(top, blobs);
  blobs.forEach((b, i) => builder.addText(`${rev}:${b.path}`, contents[i]!, 'folder'));
  return builder.build({ origin: 'files', inputs: [`git ${rev}`] }, { summary: true });
}

function catBlobs(cwd: string, blobs: readonly Blob[]): Promise<string[]> {
  return new Promise((resolve, reject) => {
    if (blobs.length === 0) return resolve([]);
    const p = spawn('git', ['cat-file', '--batch'], { cwd });
    const chunks: Buffer[] = [];
    p.stdout.on('data', (c: Buffer) => chunks.push(c));
    p.on('error', (e) => reject(new InputError(`git cat-file: ${e.message}`)));
    p.on('close', () => {
      const buf = Buffer.concat(chunks);
      const out: string[] = [];
      let pos = 0;
      for (const b of blobs) {
        const nl = buf.indexOf(10, pos);
        const header = buf.subarray(pos, nl < 0 ? pos : nl).toString();
        const [oid, type, size] = header.split(' ');
        if (nl < 0 || oid !== b.oid || type !== 'blob' || Number(size) !== b.size) return reject(new InputError(`git cat-file: unexpected answer for ${b.oid} (${b.path}): ${header.slice(0, 120)}`));
        out.push(buf.subarray(nl + 1, nl + 1 + b.size).toString('utf8'));
        pos = nl + 1 + b.size + 1;
      }
      resolve(out);
    });
    // git exiting early closes the pipe; the close handler then names what is missing.
    p.stdin.on('error', () => {});
    p.stdin.end(`${blobs.map((b) => b.oid).join('\n')}\n`);
  });
}
