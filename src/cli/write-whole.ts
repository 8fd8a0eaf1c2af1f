// Output files are written next to the target and renamed over it: an interrupted run never
// leaves half a file (a half snapshot that a later -f would reject, a truncated report).
import { rename, rm, writeFile } from 'node:fs/promises';
import { InputError } from '../errors.js';

export async function writeWhole(file: string, text: string): Promise<void> {
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    await writeFile(tmp, text, 'utf8');
    await rename(tmp, file);
  } catch (err) {
    await rm(tmp, { force: true });
    throw new InputError(`${file}: cannot write (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
}
