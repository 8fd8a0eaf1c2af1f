#!/usr/bin/env node
// No V8 heap flags here: set at run time (v8.setFlagsFromString) they come after the heap is
// configured and do nothing; given to node they bought 5-8% on audit and diff, none on who-can,
// for 30% more RSS (docs/decisions.md, 2026-12-04).

process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  // `rbac ... | head` closes the pipe early: not an error worth a trace.
  if (err.code === 'EPIPE') process.exit(0);
  throw err;
});

const { run } = await import('./run.js');
process.exitCode = await run(process.argv.slice(2));
