// Maps a SourceRef (file, document, List item) to a line, for SARIF. Only done when a report
// needs lines, so the fast load path stays free of it. Files are parsed again with the `yaml`
// package, which keeps positions.
import { readFileSync } from 'node:fs';
import { parseAllDocuments, isMap, isSeq } from 'yaml';
import type { SourceRef } from '../model/rbac.js';

export type LineLookup = (src: SourceRef | undefined) => number | undefined;

export function sourceLineLookup(): LineLookup {
  const cache = new Map<string, { starts: number[]; docs: { line: number; items: number[] }[] } | null>();
  const load = (file: string) => {
    if (cache.has(file)) return cache.get(file)!;
    let entry: { starts: number[]; docs: { line: number; items: number[] }[] } | null = null;
    try {
      const text = readFileSync(file, 'utf8');
      const starts = [0];
      for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
      const lineOf = (off: number) => {
        let lo = 0;
        let hi = starts.length - 1;
        while (lo < hi) {
          const mid = (lo + hi + 1) >> 1;
          if (starts[mid]! <= off) lo = mid;
          else hi = mid - 1;
        }
        return lo + 1;
      };
      const docs = parseAllDocuments(text);
      entry = {
        starts,
        docs: (Array.isArray(docs) ? docs : []).map((d) => {
          const contents = d.contents;
          const items = isMap(contents) ? contents.get('items', true) : undefined;
          const itemLines = isSeq(items) ? items.items.map((it) => { const r = (it as { range?: [number, number, number] } | null)?.range; return r ? lineOf(r[0]) : 0; }) : [];
          const first = contents && 'range' in contents && contents.range ? lineOf(contents.range[0]) : d.range ? lineOf(d.range[0]) : 1;
          return { line: first, items: itemLines };
        }),
      };
    } catch {
      entry = null;
    }
    cache.set(file, entry);
    return entry;
  };
  return (src) => {
    if (!src || src.type !== 'file' || src.file === '<stdin>') return undefined;
    const e = load(src.file);
    const doc = e?.docs[src.doc - 1];
    if (!doc) return src.line;
    return src.item !== undefined ? doc.items[src.item] || doc.line : doc.line;
  };
}
