#!/usr/bin/env node
// A larger young generation: loading a big cluster allocates many short-lived objects, and with
// the default semi-space the scavenger ran for a third of the time (docs/benchmarks.md).
import v8 from 'node:v8';

v8.setFlagsFromString('--max-semi-space-size=64');

process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  // `rbac ... | head` closes the pipe early: not an error worth a trace.
  if (err.code === 'EPIPE') process.exit(0);
  throw err;
});

const { run } = await import('./run.js');
process.exitCode = await run(process.argv.slice(2));
