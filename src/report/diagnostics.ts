// One line per Diagnostic for stderr, naming the file and document (or the API call).
import { describeSource, type Diagnostic } from '../model/diagnostic.js';

export function formatDiagnostic(d: Diagnostic): string {
  const where = d.source ? `${describeSource(d.source)}: ` : '';
  return `${d.severity}: ${where}${d.message} [${d.code}]`;
}

export function formatDiagnostics(list: readonly Diagnostic[], limit: number): string {
  const shown = list.slice(0, limit).map(formatDiagnostic);
  if (list.length > limit) shown.push(`... and ${list.length - limit} more (use --verbose to see all)`);
  return shown.length ? `${shown.join('\n')}\n` : '';
}
