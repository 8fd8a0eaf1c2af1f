// Helpers for the security tests: the CLI in a child process without blocking this one (so a fake
// API server in this process can answer it), the CLI in-process through its single error handler,
// a strict CSV reader, and a scan for leaked strings.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { run } from '../../src/cli/run.js';
import type { Io } from '../../src/cli/io.js';
import { cliEntry, repoRoot } from '../helpers/cli.js';

export interface Ran {
  stdout: string;
  stderr: string;
  code: number;
}

/** The built CLI as a child process, awaited (test/helpers/cli.ts blocks, which would stall a server in this process). */
export function rbacAsync(args: string[], opts: { env?: Record<string, string>; timeoutMs?: number; input?: string } = {}): Promise<Ran> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cliEntry, ...args], { cwd: repoRoot, env: { ...process.env, NO_COLOR: '1', ...opts.env }, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ stdout, stderr, code: code ?? -1 });
    });
    child.stdin.on('error', () => {}); // EPIPE when the CLI exits without reading stdin
    child.stdin.end(opts.input ?? '');
  });
}

/** The CLI in this process, through src/cli/run.ts (the one place errors become exit codes). */
export async function rbacInProcess(args: string[], extra: Partial<Io> = {}): Promise<Ran> {
  let stdout = '';
  let stderr = '';
  const io: Io = {
    out: (t) => void (stdout += t),
    err: (t) => void (stderr += t),
    write: (t) => {
      stdout += t;
      return Promise.resolve();
    },
    isTTY: false,
    readStdin: () => Promise.resolve(''),
    ...extra,
  };
  const code = await run(args, io);
  return { stdout, stderr, code };
}

/** RFC 4180 CSV -> rows of cells (quoted cells may hold commas, quotes and newlines). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') [cell, i] = [cell + '"', i + 1];
      else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"' && cell === '') quoted = true;
    else if (c === ',') [row, cell] = [[...row, cell], ''];
    else if (c === '\n' || (c === '\r' && text[i + 1] === '\n')) {
      if (c === '\r') i++;
      rows.push([...row, cell]);
      [row, cell] = [[], ''];
    } else cell += c;
  }
  if (cell !== '' || row.length) rows.push([...row, cell]);
  return rows;
}

/** Every place a leak could be, searched for every canary; returns "canary in where" for each hit. */
export function leaks(canaries: string[], places: Record<string, string>): string[] {
  const out: string[] = [];
  for (const [where, text] of Object.entries(places)) for (const c of canaries) if (text.includes(c)) out.push(`${JSON.stringify(c.slice(0, 24))} in ${where}`);
  return out;
}
