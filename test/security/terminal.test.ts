// Terminal escape injection: names in manifests are attacker-controlled, and the table output and
// diagnostics are read in a terminal. A name holding ESC sequences (clear screen, conceal text, set
// the window title) or a carriage return can hide or forge rows in front of the person reviewing
// who can do what. JSON output escapes them; text output should too.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { rbacInProcess } from './support.js';

const MANIFEST = `
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: "evil\\e[2J\\e]0;pwned\\a"}
rules:
- {verbs: [get], apiGroups: [""], resources: [secrets]}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: "hidden\\e[8m"}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: "evil\\e[2J\\e]0;pwned\\a"}
subjects:
- {kind: User, name: "attacker\\r       nobody"}
- {kind: User, name: "ghost", namespace: "x"}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: "rb", namespace: "default"}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: "missing\\e[8m"}
subjects: [{kind: User, name: u}]
`;
// C0 controls but newline, DEL, and the C1 range (which some terminals also obey).
const CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/;

let dir: string;
let file: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'rbac-term-'));
  file = join(dir, 'esc.yaml');
  writeFileSync(file, MANIFEST);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('control characters from names never reach the terminal raw', () => {
  test('JSON output escapes them', async () => {
    const r = await rbacInProcess(['who-can', 'get', 'secrets', '-n', 'x', '-f', file, '-o', 'json']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('\\u001b[2J');
    expect(CONTROL.test(r.stdout)).toBe(false);
  });

  // Regression (found by this suite): names were printed as they are, so ESC sequences and CR from a
  // manifest reached the terminal. Every write of the CLI now shows control characters as \uXXXX.
  test('table output and diagnostics show them escaped (who-can, can, what-can, audit, -v diagnostics)', async () => {
    const runs = await Promise.all([
      rbacInProcess(['who-can', 'get', 'secrets', '-n', 'x', '-f', file, '-v']),
      rbacInProcess(['can', 'user:attacker\r       nobody', 'get', 'secrets', '-n', 'x', '-f', file]),
      rbacInProcess(['what-can', 'user:ghost', '-f', file]),
      rbacInProcess(['audit', '-f', file]),
    ]);
    for (const r of runs) {
      expect(CONTROL.test(r.stdout), JSON.stringify(r.stdout.slice(0, 300))).toBe(false);
      expect(CONTROL.test(r.stderr), JSON.stringify(r.stderr.slice(0, 300))).toBe(false);
    }
  });
});
