// The single place errors become exit codes. Known errors print one line, never a stack trace.
import { CommanderError } from 'commander';
import { ClusterError, InputError, UsageError } from '../errors.js';
import { EXIT } from './exit-codes.js';
import { processIo, type Io } from './io.js';
import { buildProgram, VERSION } from './program.js';

export async function run(argv: string[], io: Io = processIo): Promise<number> {
  let code: number = EXIT.OK;
  const program = buildProgram(io, (c) => {
    code = c;
  });
  program.exitOverride();
  for (const c of program.commands) c.exitOverride();
  try {
    await program.parseAsync(argv, { from: 'user' });
    return code;
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help') return EXIT.OK;
      return EXIT.USAGE;
    }
    if (err instanceof UsageError || err instanceof InputError) {
      io.err(`error: ${err.message}\n`);
      return EXIT.USAGE;
    }
    if (err instanceof ClusterError) {
      io.err(`error: ${err.message}\n`);
      return EXIT.CLUSTER;
    }
    io.err(`internal error (rbac ${VERSION}, node ${process.version}): ${(err as Error)?.stack ?? String(err)}\nThis is a bug in rbac; please report it with the command you ran.\n`);
    return EXIT.INTERNAL;
  }
}
