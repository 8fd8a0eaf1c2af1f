// How text output is laid out on the reader's screen: the width to wrap tables at (none when
// piped, so nothing is ever cut) and whether to colour. Decided once by the CLI (cli/terminal.ts).
export interface Display {
  /** Columns to fit; undefined = no limit (piped output is never wrapped or truncated). */
  width?: number;
  /** ANSI colour for severities and yes/no. */
  color: boolean;
  /** -o wide: every column. */
  wide?: boolean;
}

export const PLAIN_DISPLAY: Display = { color: false };

// The only escape sequences rbac writes: the guard in cli/run.ts lets exactly these through.
export const SGR = { red: '\u001b[31m', boldRed: '\u001b[1;31m', yellow: '\u001b[33m', green: '\u001b[32m', cyan: '\u001b[36m', reset: '\u001b[0m' } as const;
export type Hue = Exclude<keyof typeof SGR, 'reset'>;

export function paint(d: Display, hue: Hue | undefined, text: string): string {
  return d.color && hue && text ? `${SGR[hue]}${text}${SGR.reset}` : text;
}

const SEVERITY_HUE: Record<string, Hue> = { critical: 'boldRed', high: 'red', medium: 'yellow', low: 'cyan' };

export const severityHue = (severity: string): Hue | undefined => SEVERITY_HUE[severity];
export const yesNoHue = (yes: boolean): Hue => (yes ? 'green' : 'red');
