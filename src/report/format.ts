// Output formats shared by the commands.
import jsYaml from 'js-yaml';
import { UsageError } from '../errors.js';
import { toJson } from './json.js';

export type OutputFormat = 'table' | 'json' | 'yaml' | 'csv';
export const OUTPUT_FORMATS: readonly OutputFormat[] = ['table', 'json', 'yaml', 'csv'];

export function parseOutputFormat(v: string): OutputFormat {
  if ((OUTPUT_FORMATS as readonly string[]).includes(v)) return v as OutputFormat;
  throw new UsageError(`-o ${v}: expected one of ${OUTPUT_FORMATS.join(', ')}`);
}

export function structured(value: unknown, format: 'json' | 'yaml'): string {
  return format === 'json' ? toJson(value) : jsYaml.dump(value, { noRefs: true, lineWidth: 120 });
}
