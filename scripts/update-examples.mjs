#!/usr/bin/env node
// Reruns each documented example: a ```sh block holding one `npx rbac ...` (or `rbac ...`) line,
// followed by a ```text, ```json or ```yaml block, and replaces that block with the current
// output, at COLUMNS=100 without colour (docs show what a 100-column terminal shows). Blocks
// with a `...` line (a marked cut) and commands with pipes or redirections are left alone.
// Usage: node scripts/update-examples.mjs README.md docs/output.md ... (build first).
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const env = { ...process.env, NO_COLOR: '1', COLUMNS: '100' };
delete env.FORCE_COLOR;
const block = /```sh\n(?:npx )?rbac ([^\n|<>&;]+)\n```\n\n```(text|json|yaml)\n([\s\S]*?)\n```/g;

for (const rel of process.argv.slice(2)) {
  const file = join(root, rel);
  const doc = readFileSync(file, 'utf8').replace(block, (all, cmd, lang, body) => {
    if (/^\s*\.\.\.\s*$/m.test(body)) return all;
    const args = cmd.trim().split(/\s+/);
    let out;
    try {
      out = execFileSync(process.execPath, [join(root, 'dist/cli/main.js'), ...args], { cwd: root, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    } catch (err) {
      out = err.stdout ?? ''; // can exits 1 for "no"
    }
    return all.replace(`\`\`\`${lang}\n${body}\n\`\`\``, `\`\`\`${lang}\n${out.trimEnd()}\n\`\`\``);
  });
  writeFileSync(file, doc);
}
