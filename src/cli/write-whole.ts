// Output files are written next to the target and renamed over it: an interrupted run never
// leaves half a file (a half snapshot that a later -f would reject, a truncated report). The
// temporary file has a random name and is created exclusively (`wx`: O_CREAT|O_EXCL, which also
// refuses an existing symbolic link), so a link planted beside the target is never written
// through; the rename replaces a link at the target itself rather than following it.
import { randomBytes } from 'node:crypto';
import { open, rename, rm } from 'node:fs/promises';
import { InputError } from '../errors.js';

export async function writeWhole(file: string, text: string): Promise<void> {
  const tmp = `${file}.${randomBytes(8).toString('hex')}.tmp`;
  let created = false;
  try {
    const handle = await open(tmp, 'wx');
    created = true;
    try {
      await handle.writeFile(text, 'utf8');
    } finally {
      await handle.close();
    }
    await rename(tmp, file);
  } catch (err) {
    if (created) await rm(tmp, { force: true }).catch(() => undefined);
    throw new InputError(`${file}: cannot write (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
}
