// Width and colour of stdout, decided once per run from the terminal and the environment:
//   width:  COLUMNS (a whole number >= 20) if set, else the TTY's columns; piped output has none
//           and is never wrapped or cut (as kubectl never truncates piped output).
//   colour: --no-color, then NO_COLOR (any non-empty value, no-color.org), then FORCE_COLOR
//           (non-empty and not 0/false: on even when piped, for tests), then "stdout is a TTY
//           and TERM is not dumb".
import type { Display } from '../report/display.js';

export interface Terminal {
  /** stdout is a terminal. */
  stdoutIsTTY?: boolean;
  /** stdout's width in columns, when it is a terminal. */
  columns?: number;
  env?: Record<string, string | undefined>;
}

export function terminalWidth(t: Terminal): number | undefined {
  const fromEnv = t.env?.COLUMNS;
  if (fromEnv !== undefined && /^\d+$/.test(fromEnv.trim()) && Number(fromEnv) >= 20) return Number(fromEnv);
  return t.stdoutIsTTY && t.columns && t.columns > 0 ? t.columns : undefined;
}

export function colorWanted(t: Terminal, noColorFlag: boolean): boolean {
  const env = t.env ?? {};
  if (noColorFlag) return false;
  if (env.NO_COLOR) return false;
  const force = env.FORCE_COLOR;
  if (force !== undefined && force !== '' && force !== '0' && force !== 'false') return true;
  return t.stdoutIsTTY === true && env.TERM !== 'dumb';
}

export function displayOf(t: Terminal, noColorFlag: boolean): Display {
  const width = terminalWidth(t);
  return { ...(width !== undefined ? { width } : {}), color: colorWanted(t, noColorFlag) };
}
