// The baseline for the end-to-end CLI timing: a bare `node` process that only reads and parses
// the same file (js-yaml loadAll with the loader's CORE_SCHEMA for YAML, JSON.parse for JSON),
// then exits.
//   node dist/bench/bare-parse.js FILE
import { readFileSync } from 'node:fs';

const file = process.argv[2];
if (!file) {
  process.stderr.write('usage: bare-parse.js FILE\n');
  process.exit(2);
}
const text = readFileSync(file, 'utf8');
let docs = 0;
if (/\.json$/i.test(file)) {
  JSON.parse(text);
  docs = 1;
} else {
  const { default: jsYaml } = await import('js-yaml');
  jsYaml.loadAll(
    text,
    () => {
      docs++;
    },
    { schema: jsYaml.CORE_SCHEMA },
  );
}
process.stdout.write(`${docs}\n`);
