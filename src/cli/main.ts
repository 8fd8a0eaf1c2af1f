#!/usr/bin/env node
import { run } from './run.js';

process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  // `rbac ... | head` closes the pipe early: not an error worth a trace.
  if (err.code === 'EPIPE') process.exit(0);
  throw err;
});

run(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
