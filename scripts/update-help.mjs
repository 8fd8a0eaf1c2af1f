#!/usr/bin/env node
// Rewrites each ```text block under `### rbac CMD --help` in docs/cli.md with the current
// `node dist/cli/main.js CMD --help` (build first). test/docs/help.test.ts checks they match.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const file = join(root, 'docs/cli.md');
const env = { ...process.env, NO_COLOR: '1' };
delete env.COLUMNS;
let doc = readFileSync(file, 'utf8');
const heading = /^### rbac ((?:[a-z-]+ )?)--help\n\n```text\n[\s\S]*?\n```/gm;
doc = doc.replace(heading, (_all, cmd) => {
  const args = [...(cmd.trim() ? [cmd.trim()] : []), '--help'];
  const help = execFileSync(process.execPath, [join(root, 'dist/cli/main.js'), ...args], { cwd: root, env, encoding: 'utf8' }).trimEnd();
  return `### rbac ${cmd}--help\n\n\`\`\`text\n${help}\n\`\`\``;
});
writeFileSync(file, doc);
