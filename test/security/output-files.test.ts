// Output files (snapshot -o, report --html) never write through a planted symbolic link: the
// temporary file is created exclusively under a random name, then renamed over the target.
// File-system errors are one clean line with exit 2.
import { existsSync, lstatSync, mkdirSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { tmpTree } from '../helpers/tmp-tree.js';
import { rbacInProcess } from './support.js';

const MANIFEST = 'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: r}\nrules: []\n';

describe('output files', () => {
  test('a symbolic link planted where the temporary file would be is not written through', async () => {
    const root = tmpTree({ 'in.yaml': MANIFEST, 'victim.txt': 'precious\n' });
    const out = join(root, 'out.json');
    // The old temporary name was predictable: OUT.<pid>.tmp.
    symlinkSync(join(root, 'victim.txt'), `${out}.${process.pid}.tmp`);
    const r = await rbacInProcess(['snapshot', '-f', join(root, 'in.yaml'), '--output-file', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(join(root, 'victim.txt'), 'utf8')).toBe('precious\n');
    expect(lstatSync(out).isSymbolicLink()).toBe(false);
    expect(readFileSync(out, 'utf8')).toContain('"RbacSnapshot"');
    expect(readdirSync(root).filter((f) => f.endsWith('.tmp') && !f.includes(String(process.pid)))).toEqual([]);
  });

  test('a symbolic link at the target is replaced, not followed', async () => {
    const root = tmpTree({ 'in.yaml': MANIFEST, 'victim.txt': 'precious\n' });
    const out = join(root, 'report.html');
    symlinkSync(join(root, 'victim.txt'), out);
    const r = await rbacInProcess(['report', '-f', join(root, 'in.yaml'), '--html', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(join(root, 'victim.txt'), 'utf8')).toBe('precious\n');
    expect(lstatSync(out).isFile()).toBe(true);
  });

  test.each([
    ['a missing folder', (root: string) => join(root, 'no', 'such', 'out.json'), /cannot write \(ENOENT\)/],
    ['a folder', (root: string) => (mkdirSync(join(root, 'dir')), join(root, 'dir')), /cannot write \(EISDIR\)/],
    ['a file inside a file', (root: string) => (writeFileSync(join(root, 'f'), ''), join(root, 'f', 'out.json')), /cannot write \(ENOTDIR\)/],
  ])('writing into %s is exit 2 with one line, and leaves no temporary file', async (_name, target, message) => {
    const root = tmpTree({ 'in.yaml': MANIFEST });
    const out = target(root);
    const r = await rbacInProcess(['snapshot', '-f', join(root, 'in.yaml'), '--output-file', out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(readdirSync(root).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    expect(existsSync(join(root, 'dir')) ? readdirSync(join(root, 'dir')) : []).toEqual([]);
  });
});
