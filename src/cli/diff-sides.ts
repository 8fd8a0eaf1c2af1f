// The two sides of `rbac diff`, in one of three spellings: BASE HEAD, -f BASE -f HEAD (or
// -f BASE,HEAD, as kubectl reads -f), or --from ... --to ... for sides of several inputs.
import { UsageError } from '../errors.js';

export interface DiffSideOptions {
  filename?: string[];
  from?: string[];
  to?: string[];
}

export function diffSides(args: readonly string[], opts: DiffSideOptions): { base: string[]; head: string[] } {
  const forms = [args.length > 0 && 'BASE HEAD', opts.filename && '-f', (opts.from || opts.to) && '--from/--to'].filter(Boolean);
  if (forms.length > 1) throw new UsageError(`the two sides are given twice (${forms.join(' and ')}): use one form`);
  let sides: { base: string[]; head: string[] };
  if (opts.from || opts.to) {
    if (!opts.from || !opts.to) throw new UsageError('--from and --to go together: the state before and the state after');
    sides = { base: opts.from, head: opts.to };
  } else {
    const words = opts.filename ?? [...args];
    if (words.length !== 2) {
      const what = opts.filename ? `-f names ${words.length} input(s)` : `${words.length} argument(s)`;
      throw new UsageError(`diff needs BASE and HEAD (${what}): files, folders, snapshots or -, as BASE HEAD or -f BASE,HEAD; --from/--to for sides of several inputs; or --git RANGE`);
    }
    sides = { base: [words[0]!], head: [words[1]!] };
  }
  if (sides.base.includes('-') && sides.head.includes('-')) throw new UsageError('only one side can be - (stdin)');
  return sides;
}
