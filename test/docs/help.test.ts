// docs/cli.md shows each command's --help verbatim; this keeps it true.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { rbac, repoRoot } from '../helpers/cli.js';

const doc = readFileSync(join(repoRoot, 'docs/cli.md'), 'utf8');

test.each([[''], ['who-can'], ['what-can'], ['can'], ['explain'], ['paths'], ['audit'], ['export'], ['diff'], ['graph'], ['report'], ['batch'], ['snapshot']])('docs/cli.md has the current `rbac %s --help`', (cmd) => {
  const out = rbac([...(cmd ? [cmd] : []), '--help']).stdout.trimEnd();
  expect(doc).toContain(`### rbac ${cmd ? `${cmd} ` : ''}--help\n\n\`\`\`text\n${out}\n\`\`\``);
});
