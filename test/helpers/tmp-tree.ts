// Inline file trees for I/O tests, removed when the test finishes (after changesets' testdir).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { onTestFinished } from 'vitest';

export function tmpTree(files: Record<string, string | Buffer>): string {
  const root = mkdtempSync(join(tmpdir(), 'rbac-test-'));
  for (const [path, content] of Object.entries(files)) {
    const full = join(root, path);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, content);
  }
  onTestFinished(() => rmSync(root, { recursive: true, force: true }));
  return root;
}
