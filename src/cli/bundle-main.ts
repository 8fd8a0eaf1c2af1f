#!/usr/bin/env node
// The installed CLI (dist/bundle/rbac.mjs): a small ES module that loads the rest of the CLI, one
// CommonJS file next to it, with the code cache the build made for it (code-cache.ts). The build
// runs one command with RBAC_WRITE_CODE_CACHE set to make that cache (scripts/bundle.mjs).
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CLI_CODE_CACHE, CLI_SCRIPT, CLI_SCRIPT_NAME } from './bundle-layout.js';
import { requireCompiled, writeCodeCache, type CompiledModule } from './code-cache.js';
import { EXIT } from './exit-codes.js';
import { exitQuietlyOnClosedPipe } from './stdout-pipe.js';

exitQuietlyOnClosedPipe();
const here = dirname(fileURLToPath(import.meta.url));
const cacheFile = join(here, CLI_CODE_CACHE);
const script = join(here, CLI_SCRIPT);
let cli: CompiledModule;
try {
  cli = requireCompiled(script, cacheFile, CLI_SCRIPT_NAME);
} catch (err) {
  const e = err as NodeJS.ErrnoException;
  if (e.code !== 'ENOENT' || e.path !== script) throw err;
  process.stderr.write(`error: this installation of rbac is incomplete: ${script} is missing (npm run build makes it; or reinstall)\n`);
  process.exit(EXIT.INTERNAL);
}
const { run } = cli.exports as typeof import('./run.js');
process.exitCode = await run(process.argv.slice(2));
if (process.env.RBAC_WRITE_CODE_CACHE) {
  try {
    writeCodeCache(cli, cacheFile);
  } catch (err) {
    process.stderr.write(`warning: could not write the code cache ${cacheFile}: ${(err as Error).message}\n`);
  }
}
