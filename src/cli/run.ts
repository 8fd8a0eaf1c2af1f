// The single place errors become exit codes. Known errors print one line, never a stack trace.
import { CommanderError } from 'commander';
import { ClusterError, InputError, UsageError } from '../errors.js';
import { SGR, type Display } from '../report/display.js';
import { displayOf } from './terminal.js';
import { EXIT } from './exit-codes.js';
import { processIo, type Io } from './io.js';
import { hoistLeadingOptions } from './argv.js';
import { buildProgram, VERSION } from './program.js';
import { sourceMappedStack } from './source-mapped-stack.js';

// C0 controls but tab and newline, DEL and C1: names come from manifests, and an ESC sequence or a
// carriage return in one could hide or forge rows in a terminal. JSON already escapes them.
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

// With colour on, exactly rbac's own colour sequences (report/display.ts) pass; names in tables
// were already escaped by shownName, so no name can bring one in.
const OWN_SGR = new RegExp(`(${Object.values(SGR).map((s) => s.replace(/[[\]]/g, '\\$&')).join('|')})`);

export function visible(text: string, allowColour = false): string {
  CONTROL.lastIndex = 0;
  if (!CONTROL.test(text)) return text;
  const escape = (part: string) => part.replace(CONTROL, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  if (!allowColour) return escape(text);
  return text
    .split(OWN_SGR)
    .map((part, i) => (i % 2 === 1 ? part : escape(part)))
    .join('');
}

/**
 * Every byte rbac writes goes through here: escaped whole, or (writeCleaned) in the pieces it was
 * made of. The escaping is character by character, so escaping the pieces is escaping the whole.
 */
function guarded(io: Io, display: Display): Io {
  const c = display.color;
  return { ...io, display, out: (t) => io.out(visible(t, c)), err: (t) => io.err(visible(t)), write: (t) => io.write(visible(t, c)), clean: (t) => visible(t, c), writeCleaned: (t) => io.write(t) };
}

export async function run(argv: string[], rawIo: Io = processIo): Promise<number> {
  const io = guarded(rawIo, rawIo.display ?? displayOf(rawIo, argv.includes('--no-color')));
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
