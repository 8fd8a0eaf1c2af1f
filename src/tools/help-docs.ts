// Rewrites the `### rbac CMD --help` blocks of docs/cli.md from the built CLI, so the doc
// shows each --help verbatim (test/docs/help.test.ts checks it). Run after a build:
//   node dist/tools/help-docs.js
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { run } from '../cli/run.js';

const root = join(import.meta.dirname, '../..');
const file = join(root, 'docs/cli.md');

async function helpOf(cmd: string): Promise<string> {
  let out = '';
  const io = { out: (t: string) => void (out += t), err: (t: string) => void (out += t), write: async (t: string) => void (out += t) };
  await run([...(cmd ? [cmd] : []), '--help'], io);
  return out.trimEnd();
}

let doc = readFileSync(file, 'utf8');
const blocks = /### rbac ((?:[a-z-]+ )?)--help\n\n```text\n[\s\S]*?\n```/g;
const found = [...doc.matchAll(blocks)].map((m) => m[1]!.trim());
for (const cmd of found) {
  const help = await helpOf(cmd);
  const heading = `### rbac ${cmd ? `${cmd} ` : ''}--help`;
  doc = doc.replace(new RegExp(`${heading.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\n\\n\`\`\`text\\n[\\s\\S]*?\\n\`\`\``), () => `${heading}\n\n\`\`\`text\n${help}\n\`\`\``);
}
writeFileSync(file, doc);
process.stdout.write(`docs/cli.md: ${found.length} --help blocks rewritten\n`);
