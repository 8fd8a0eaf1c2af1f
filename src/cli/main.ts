#!/usr/bin/env node
// The CLI as tsc builds it (dist/cli/main.js), for development; users run the bundle, whose
// entry is bundle-main.ts. No V8 heap flags here: set at run time (v8.setFlagsFromString) they
// come after the heap is configured and do nothing; given to node they bought 5-8% on audit and
// diff, none on who-can, for 30% more RSS (docs/decisions.md, 2026-12-04).
import { exitQuietlyOnClosedPipe } from './stdout-pipe.js';

exitQuietlyOnClosedPipe();
const { run } = await import('./run.js');
process.exitCode = await run(process.argv.slice(2));
