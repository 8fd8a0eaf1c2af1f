// Options before the command name, as kubectl takes them (`rbac -n prod -f x.yaml who-can get
// pods`): moved after the name, so the command parses them as its own and its --help stays whole.
import type { Command } from 'commander';

/** argv with the options that lead it moved after the command name; unchanged when nothing leads or a leading word is not an option of any command. */
export function hoistLeadingOptions(program: Command, argv: readonly string[]): string[] {
  const commands = new Set(program.commands.flatMap((c) => [c.name(), ...c.aliases()]));
  // Whether a flag takes a value, from every command's declaration (no flag means both).
  const takesValue = new Map<string, boolean>();
  for (const c of program.commands) {
    for (const o of c.options) {
      for (const flag of [o.short, o.long]) if (flag) takesValue.set(flag, o.required || o.optional);
    }
  }
  let i = 0;
  while (i < argv.length) {
    const word = argv[i]!;
    if (word === '-' || !word.startsWith('-')) break;
    const long = word.startsWith('--');
    const flag = long ? word.split('=')[0]! : word.slice(0, 2);
    const value = takesValue.get(flag);
    if (value === undefined) return [...argv];
    // --flag=value and -nprod carry their value; -n prod takes the next word.
    const inline = long ? word.includes('=') : word.length > 2;
    i += value && !inline ? 2 : 1;
  }
  if (i === 0 || i >= argv.length || !commands.has(argv[i]!)) return [...argv];
  return [argv[i]!, ...argv.slice(0, i), ...argv.slice(i + 1)];
}
