// The single place errors become exit codes. Known errors print one line, never a stack trace.
import { CommanderError } from 'commander';
import { ClusterError, InputError, UsageError } from '../errors.js';
import { EXIT } from './exit-codes.js';
import { processIo, type Io } from './io.js';
import { hoistLeadingOptions } from './argv.js';
import { buildProgram, VERSION } from './program.js';
import { sourceMappedStack } from './source-mapped-stack.js';

// C0 controls but tab and newline, DEL and C1: names come from manifests, and an ESC sequence or a
// carriage return in one could hide or forge rows in a terminal. JSON already escapes them.
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

export function visible(text: string): string {
  CONTROL.lastIndex = 0;
  return CONTROL.test(text) ? text.replace(CONTROL, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`) : text;
}

/** Every byte rbac writes goes through here. */
function guarded(io: Io): Io {
  return { ...io, out: (t) => io.out(visible(t)), err: (t) => io.err(visible(t)), write: (t) => io.write(visible(t)) };
}

export async function run(argv: string[], rawIo: Io = processIo): Promise<number> {
  const io = guarded(rawIo);
  let code: number = EXIT.OK;
  const program = buildProgram(io, (c) => {
    code = c;
  });
  program.exitOverride();
  for (const c of program.commands) c.exitOverride();
  try {
    await program.parseAsync(hoistLeadingOptions(program, argv), { from: 'user' });
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
    io.err(`internal error (rbac ${VERSION}, node ${process.version}): ${sourceMappedStack((err as Error)?.stack ?? String(err))}\nThis is a bug in rbac; please report it with the command you ran.\n`);
    return EXIT.INTERNAL;
  }
}
