// Reads query files (queries/*.yaml: ours, plus a user's --queries folder) and exclusion files.
import { readdir, readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import jsYaml from 'js-yaml';
import type { ScopedExclusion } from '../audit/exclusions.js';
import { validateQuery, type QueryDefinition } from '../audit/query-definition.js';
import { InputError } from '../errors.js';

/** The checks shipped with rbac (the repository's queries/ folder). */
export const BUILTIN_QUERIES = fileURLToPath(new URL('../../queries', import.meta.url));

async function parseYamlFile(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new InputError(`${file}: cannot read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  try {
    return jsYaml.load(text);
  } catch (err) {
    throw new InputError(`${file}: not valid YAML (${(err as Error).message.split('\n')[0]})`);
  }
}

export async function loadQueries(dirs: readonly string[]): Promise<QueryDefinition[]> {
  const byId = new Map<string, QueryDefinition>();
  for (const dir of dirs) {
    let names: string[];
    try {
      names = (await readdir(dir)).filter((n) => /\.ya?ml$/.test(n)).sort();
    } catch (err) {
      throw new InputError(`${dir}: cannot read the queries folder (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
    }
    for (const name of names) {
      const file = join(dir, name);
      let def: QueryDefinition;
      try {
        def = validateQuery(await parseYamlFile(file), file);
      } catch (err) {
        if (err instanceof InputError) throw err;
        throw new InputError((err as Error).message);
      }
      const expected = basename(name).replace(/\.ya?ml$/, '');
      if (def.id !== expected) throw new InputError(`${file}: id "${def.id}" must equal the file name "${expected}"`);
      byId.set(def.id, { ...def, file });
    }
  }
  return [...byId.values()];
}

export async function loadExclusions(file: string): Promise<ScopedExclusion[]> {
  const raw = await parseYamlFile(file);
  const list = (raw as { exclusions?: unknown } | null)?.exclusions ?? raw;
  if (!Array.isArray(list)) throw new InputError(`${file}: expected a list of exclusions (or a map with "exclusions:")`);
  return list.map((e, i) => {
    const where = `${file}: exclusions[${i}]`;
    if (typeof e !== 'object' || e === null) throw new InputError(`${where}: expected a map`);
    const x = e as Record<string, unknown>;
    const strs = (v: unknown, f: string): string[] => {
      if (v === undefined) return [];
      if (!Array.isArray(v) || v.some((s) => typeof s !== 'string')) throw new InputError(`${where}.${f}: expected a list of strings`);
      return v as string[];
    };
    if (typeof x.reason !== 'string' || !x.reason) throw new InputError(`${where}: every exclusion needs a reason`);
    const out: ScopedExclusion = { subjects: strs(x.subjects, 'subjects'), namespaces: strs(x.namespaces, 'namespaces'), roles: strs(x.roles, 'roles'), bindings: strs(x.bindings, 'bindings'), checks: strs(x.checks, 'checks'), reason: x.reason };
    if (!out.subjects.length && !out.namespaces.length && !out.roles.length && !out.bindings.length) throw new InputError(`${where}: excludes nothing; name subjects, namespaces, roles or bindings`);
    if (out.subjects.some((s) => /^(user|group|sa):system:\*?$/.test(s) || s === '*')) throw new InputError(`${where}: a blanket exclusion of every system: subject would hide the most powerful grants; name the subjects`);
    return out;
  });
}
