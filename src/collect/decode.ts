// Text -> documents. Pure: no file access. JSON is parsed with JSON.parse (fast); YAML with
// js-yaml (the parser @kubernetes/client-node uses) and, when a stream has a bad document, once
// more with the `yaml` package, which parses each document on its own: the good documents of a
// broken file are still analysed and the bad one is named by its index.
import jsYaml from 'js-yaml';
import { parseAllDocuments } from 'yaml';

export interface DecodedDocument {
  /** 1-based position of the document in its file. */
  doc: number;
  /** 1-based line the document starts on, when known. */
  line?: number;
  value: unknown;
}

export interface DecodeError {
  doc: number;
  line?: number;
  message: string;
}

export interface Decoded {
  documents: DecodedDocument[];
  errors: DecodeError[];
}

/** Bounds an alias ("billion laughs") expansion: a larger one is an error for that document. */
const MAX_ALIAS_COUNT = 1000;

export function decodeText(text: string): Decoded {
  const trimmed = text.trimStart();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    try {
      return { documents: [{ doc: 1, line: 1, value: JSON.parse(text) }], errors: [] };
    } catch {
      // Not one JSON value (a JSON stream, or YAML flow style): the YAML path below reads both.
    }
  }
  try {
    const documents: DecodedDocument[] = [];
    let doc = 0;
    jsYaml.loadAll(text, (value) => {
      doc++;
      documents.push({ doc, value });
    });
    if (!hasAlias(text)) return { documents, errors: [] };
  } catch {
    // fall through: find out which document is bad
  }
  return decodeEachDocument(text);
}

// js-yaml shares aliased nodes instead of copying them; the `yaml` package counts and caps alias
// expansion, so a file with aliases is read by the careful path.
function hasAlias(text: string): boolean {
  return text.includes('&') && /(^|[\s[{,:-])\*[^\s,\]}]/.test(text);
}

function decodeEachDocument(text: string): Decoded {
  const documents: DecodedDocument[] = [];
  const errors: DecodeError[] = [];
  const lineStarts = lineIndex(text);
  const docs = parseAllDocuments(text, { uniqueKeys: true, prettyErrors: false });
  const list = Array.isArray(docs) ? docs : [];
  list.forEach((d, i) => {
    const docNo = i + 1;
    const line = d.range ? lineOf(lineStarts, d.range[0]) : undefined;
    if (d.errors.length > 0) {
      const e = d.errors[0]!;
      const at = e.pos ? lineOf(lineStarts, e.pos[0]) : line;
      errors.push({ doc: docNo, line: at, message: `YAML syntax: ${firstLine(e.message)}` });
      return;
    }
    try {
      documents.push({ doc: docNo, line, value: d.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) });
    } catch (err) {
      errors.push({ doc: docNo, line, message: `YAML: ${firstLine((err as Error).message)}` });
    }
  });
  return { documents, errors };
}

function firstLine(s: string): string {
  return s.split('\n')[0]!.trim();
}

function lineIndex(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return starts;
}

function lineOf(starts: number[], offset: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo + 1;
}
