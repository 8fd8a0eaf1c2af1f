// Output formats shared by the reporters. Which command writes which is in cli/output-format.ts.
import jsYaml from 'js-yaml';
import { toJson } from './json.js';

/** The formats of an answer that is rows: who-can, what-can, can. */
export type OutputFormat = 'table' | 'wide' | 'json' | 'yaml' | 'csv';

export const isTable = (format: string): format is 'table' | 'wide' => format === 'table' || format === 'wide';

export function structured(value: unknown, format: 'json' | 'yaml'): string {
  return format === 'json' ? toJson(value) : jsYaml.dump(value, { noRefs: true, lineWidth: 120 });
}
