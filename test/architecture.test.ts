// The pure core (model, semantics, engine, graph) does no I/O: it imports no node: module, no
// Kubernetes client (types only), no CLI or terminal library, and nothing from collect/ or cli/.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';

const src = join(import.meta.dirname, '../src');
const CORE = ['model', 'semantics', 'engine', 'graph'];
const FORBIDDEN = [/^node:/, /^commander$/, /^cli-table3$/, /^@kubernetes\/client-node$/, /\/(collect|cli|report)\//, /^(fs|path|process|child_process|http|https)$/];

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));
}

describe.each(CORE)('src/%s is pure', (folder) => {
  test.each(files(join(src, folder)).map((f) => [f.slice(src.length + 1), f]))('%s imports nothing with side effects', (_rel, file) => {
    const text = readFileSync(file, 'utf8');
    const imports = [...text.matchAll(/^import\s+(type\s+)?[^'"]*from\s+'([^']+)'/gm)].map((m) => ({ typeOnly: !!m[1], from: m[2]! }));
    const bad = imports.filter((i) => !i.typeOnly && FORBIDDEN.some((re) => re.test(i.from)));
    expect(bad.map((i) => i.from)).toEqual([]);
    expect(text).not.toMatch(/\bprocess\.(env|argv|stdout|stderr|exit)/);
  });
});
