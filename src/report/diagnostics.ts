// One line per Diagnostic for stderr, naming the file and document (or the API call).
import { describeSource, type Diagnostic } from '../model/diagnostic.js';
import { shownName } from './describe.js';

/** Messages quote names from the input; a huge name is shortened rather than flooding stderr. */
const MAX_MESSAGE = 500;

export function formatDiagnostic(d: Diagnostic): string {
  const where = d.source ? `${describeSource(d.source)}: ` : '';
  const message = d.message.length > MAX_MESSAGE ? `${d.message.slice(0, MAX_MESSAGE)}... (${d.message.length - MAX_MESSAGE} more characters)` : d.message;
  // One line each, whatever a name (or a snapshot's stored message) holds.
  return shownName(`${d.severity}: ${where}${message} [${d.code}]`);
}

export function formatDiagnostics(list: readonly Diagnostic[], limit: number): string {
  const shown = list.slice(0, limit).map(formatDiagnostic);
  if (list.length > limit) shown.push(`... and ${list.length - limit} more (use --verbose to see all)`);
  return shown.length ? `${shown.join('\n')}\n` : '';
}
