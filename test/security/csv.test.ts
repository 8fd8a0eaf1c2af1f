// CSV formula injection (OWASP "CSV Injection"): names, verbs, groups, resources and URLs are
// attacker-controlled strings in a manifest. Through the real CLI, no cell of who-can, what-can,
// audit or export CSV may start with = + - @ TAB or CR (each is neutralised with a leading ').
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { parseCsv, rbacAsync, type Ran } from './support.js';

const EVIL_ROLE = "=cmd|' /C calc'!A0";
const EVIL_USER = '=HYPERLINK("http://evil.example","click")';
const MANIFEST = `
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: ${JSON.stringify(EVIL_ROLE)}}
rules:
- {verbs: ["get", "+x"], apiGroups: ["", "@grp"], resources: ["secrets", "=1+1"], resourceNames: ["-name"]}
- {verbs: ["get"], nonResourceURLs: ["=/x", "/metrics"]}
- {verbs: ["get", "list", "-y"], apiGroups: [""], resources: ["secrets", "pods/exec", "+pods"]}
- {verbs: ["*"], apiGroups: ["*"], resources: ["*"]}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: "+SUM(1,2)"}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: ${JSON.stringify(EVIL_ROLE)}}
subjects:
- {kind: User, name: ${JSON.stringify(EVIL_USER)}}
- {kind: Group, name: "@evil"}
- {kind: ServiceAccount, name: "-sa", namespace: "\\tns"}
- {kind: User, name: "\\r=1"}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: "@rb", namespace: "-ns"}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: ${JSON.stringify(EVIL_ROLE)}}
subjects:
- {kind: User, name: "+1"}
- {kind: ServiceAccount, name: "=sa2"}
`;
const FORMULA = /^[=+\-@\t\r]/;

let dir: string;
let file: string;
let out: Record<string, Ran>;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'rbac-csv-'));
  file = join(dir, 'evil.yaml');
  writeFileSync(file, MANIFEST);
  const cmds: Record<string, string[]> = {
    'who-can': ['who-can', 'get', 'secrets', '-A', '-o', 'csv'],
    'what-can': ['what-can', `user:${EVIL_USER}`, '-o', 'csv'],
    audit: ['audit', '-o', 'csv'],
    export: ['export'],
  };
  const ran = await Promise.all(Object.entries(cmds).map(async ([k, args]) => [k, await rbacAsync([...args, '-f', file, '-q'])] as const));
  out = Object.fromEntries(ran);
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('CSV output neutralises formula injection', () => {
  for (const cmd of ['who-can', 'what-can', 'audit', 'export']) {
    test(cmd, () => {
      const r = out[cmd]!;
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr).not.toMatch(/^\s+at /m);
      const rows = parseCsv(r.stdout);
      expect(rows.length).toBeGreaterThan(2);
      const width = rows[0]!.length;
      for (const row of rows) expect(row.length, JSON.stringify(row)).toBe(width);
      const cells = rows.flat();
      expect(cells.filter((c) => FORMULA.test(c))).toEqual([]);
      // The hostile strings are there, neutralised, not dropped.
      expect(cells.some((c) => c.startsWith("'=") || c.includes(EVIL_ROLE)), 'an = cell, neutralised').toBe(true);
      expect(cells.some((c) => /^'[+\-@]/.test(c)), 'a + - or @ cell, neutralised').toBe(true);
    });
  }

  test('the subject and role names survive intact after the apostrophe', () => {
    const rows = parseCsv(out['who-can']!.stdout).flat();
    expect(rows).toContain(`'${EVIL_USER}`);
    expect(rows).toContain(`'${EVIL_ROLE}`);
    expect(rows).toContain("'@evil");
    // The CR itself is shown as \u000d (every CLI write shows control characters as text).
    expect(rows).toContain("'\\u000d=1");
    expect(parseCsv(out.export!.stdout).flat()).toEqual(expect.arrayContaining(["'=1+1", "'+x", "'@grp", "'=/x", "'-name"]));
  });
});
