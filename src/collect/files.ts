// Files, folders and stdin -> Snapshot. Folders are walked recursively in lexical path order
// (as `kubectl apply -R -f DIR` does), reading .yaml, .yml and .json files except Helm chart
// templates and kustomization files (repo-layout.ts); symbolic links inside a folder are not
// followed, so a scan never leaves the tree the user named.
import { lstat, readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { InputError } from '../errors.js';
import type { Snapshot } from '../model/snapshot.js';
import { withDefaultPolicy } from '../defaults/versions.js';
import { SnapshotBuilder, type AssembleOptions, type FileOrigin } from './assemble.js';
import { classifyTree } from './repo-layout.js';

const MANIFEST = /\.(ya?ml|json)$/i;

export interface LoadOptions extends AssembleOptions {
  /** Reads `-`; defaults to process stdin. */
  readStdin?: () => Promise<string>;
  /** Texts already read by the caller (path -> text), so a file is not read twice. */
  preloaded?: ReadonlyMap<string, string>;
  /**
   * Add the Kubernetes default (bootstrap) policy, as a cluster has it: true for the newest shipped
   * version, or a version ("1.28"). Off unless asked for: the library adds nothing it was not told to.
   */
  defaultPolicy?: boolean | string;
}

export async function loadFiles(paths: readonly string[], options: LoadOptions = {}): Promise<Snapshot> {
  if (paths.length === 0) throw new InputError('no input: name at least one file or folder (or - for stdin)');
  const builder = new SnapshotBuilder(options);
  let stdinUsed = false;
  for (const p of paths) {
    if (p === '-') {
      if (stdinUsed) throw new InputError('stdin (-) can be named only once');
      stdinUsed = true;
      const text = await (options.readStdin ?? readStdin)();
      builder.addText('<stdin>', text);
      continue;
    }
    const { files, origin } = await expand(p, builder);
    for (const file of files) {
      let text: string;
      try {
        text = options.preloaded?.get(file) ?? (await readFile(file, 'utf8'));
      } catch (err) {
        throw new InputError(`${file}: cannot read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
      }
      builder.addText(file, text, origin);
    }
  }
  const snapshot = builder.build({ origin: 'files', inputs: [...paths] }, { summary: true });
  return options.defaultPolicy ? withDefaultPolicy(snapshot, options.defaultPolicy) : snapshot;
}

async function expand(path: string, builder: SnapshotBuilder): Promise<{ files: string[]; origin: FileOrigin }> {
  let st;
  try {
    st = await stat(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new InputError(`${path}: ${code === 'ENOENT' ? 'no such file or folder' : `cannot read (${code})`}`);
  }
  if (!st.isDirectory()) return { files: [path], origin: 'named' };
  const all: string[] = [];
  await walk(path, all, builder);
  const layout = classifyTree(all);
  builder.noteLayout(layout);
  if (layout.manifests.length === 0 && layout.charts.length === 0 && layout.kustomizations.length === 0) builder.diagnostics.push({ severity: 'warning', code: 'empty-folder', message: `${path}: no .yaml, .yml or .json files found` });
  return { files: layout.manifests, origin: 'folder' };
}

async function walk(dir: string, out: string[], builder: SnapshotBuilder): Promise<void> {
  const names = (await fsCall(dir, () => readdir(dir))).sort();
  for (const name of names) {
    const full = join(dir, name);
    const st = await fsCall(full, () => lstat(full));
    if (st.isSymbolicLink()) {
      builder.diagnostics.push({ severity: 'info', code: 'symlink-skipped', message: `${full}: symbolic link inside a folder not followed` });
    } else if (st.isDirectory()) {
      await walk(full, out, builder);
    } else if (st.isFile() && (MANIFEST.test(name) || name === 'Kustomization')) {
      out.push(full);
    }
  }
}

/** A file-system error inside a folder is a clean input error (exit 2) naming the path. */
async function fsCall<T>(path: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    throw new InputError(`${path}: cannot read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
}

async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) throw new InputError('stdin (-) is a terminal: pipe manifests in, e.g. `helm template ... | rbac who-can ... -f -`');
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
