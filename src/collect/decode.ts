// Text -> documents, read as kubectl reads them (Go's yaml.v2 through sigs.k8s.io/yaml: YAML 1.1
// scalars, merge keys, duplicate keys last-wins, !!binary decoded; see yaml-go-tree.ts). Pure: no
// file access. JSON is parsed with JSON.parse (fast, and last-wins like Go). YAML takes a fast path
// through js-yaml with a schema that resolves plain scalars as yaml.v2 does, when the text has
// nothing that path would read differently from kubectl (aliases, `<<`, tags other than !!str,
// duplicate or complex keys: js-yaml refuses or they are spotted in the text first). Otherwise,
// and when a stream has a bad document, each document is read on its own with the `yaml` package
// and converted with yaml.v2's rules: the good documents of a broken file are still analysed and
// the bad one is named by its index.
import jsYaml from 'js-yaml';
import { Lexer, parseAllDocuments } from 'yaml';
import { resolvePlain } from './yaml-go-scalar.js';
import { goValue, GoYamlError } from './yaml-go-tree.js';

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
  /** Read as kubectl reads them, but worth a look: a key written twice in one map (the later one counts). */
  warnings?: DecodeError[];
}

/**
 * Plain scalars resolved as yaml.v2 does (`yes`, `off`, `~`, `010`, `1_000`, `0x1F`, `.5`). A value
 * the fast path could not give exactly (a number that is not finite, or whose text as a map key
 * would differ from JavaScript's) throws, and the document takes the exact path.
 */
const GO_PLAIN = new jsYaml.Type('tag:yaml.org,2002:rbac-go-plain', {
  kind: 'scalar',
  resolve: (s: string) => resolvePlain(s).type !== 'str',
  construct: (s: string) => {
    const r = resolvePlain(s);
    if (typeof r.value === 'number' && (typeof r.key !== 'string' || r.key !== String(r.value))) throw new Error('number needs the exact path');
    return r.value;
  },
});
const SCHEMA = jsYaml.FAILSAFE_SCHEMA.extend({ implicit: [GO_PLAIN] });

/**
 * The fast path, one document at a time, so a caller can turn each into small objects and let
 * the parsed tree go (large inputs then spend far less time in garbage collection). Returns false
 * when the text has a bad document or aliases: the caller then uses decodeEachDocument.
 */
export function streamDocuments(text: string, visit: (value: unknown, doc: number, line?: number) => void): boolean {
  const trimmed = text.trimStart();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      value = undefined;
    }
    if (value !== undefined) {
      visit(value, 1, 1);
      return true;
    }
    // `kubectl get -o json` of several objects, or `jq -c` output: JSON values one after another.
    const stream = splitJsonStream(text);
    if (stream) {
      stream.forEach((v, i) => visit(v.value, i + 1, v.line));
      return true;
    }
  }
  if (needsExactPath(text)) return false;
  let doc = 0;
  try {
    jsYaml.loadAll(text, (value) => visit(value, ++doc), { schema: SCHEMA });
    return true;
  } catch {
    return false;
  }
}

export function decodeText(text: string): Decoded {
  const documents: DecodedDocument[] = [];
  const ok = streamDocuments(text, (value, doc, line) => documents.push(line === undefined ? { doc, value } : { doc, line, value }));
  return ok ? { documents, errors: [] } : decodeEachDocument(text);
}

// What js-yaml would read differently from yaml.v2 without refusing it: aliases (yaml.v2's
// expansion budget), merge keys (js-yaml lets explicit keys win; yaml.v2 applies keys in order)
// and complex keys (js-yaml turns `[a]: 1` into the key "a"; kubectl refuses it). A false alarm
// only costs speed.
function needsExactPath(text: string): boolean {
  if (text.includes('<<')) return true;
  if (text.includes('&') && /(^|[\s[{,:-])\*[^\s,\]}]/.test(text)) return true;
  return /[\]}][ \t]*:|(^|\n)[ \t-]*\?[ \t\r\n]/.test(text);
}

/**
 * The `yaml` parser recurses once per nesting level: some thousands of levels overflow the stack,
 * which V8 may answer by aborting the process. A document nested deeper than this is refused
 * unparsed (js-yaml itself stops at 100).
 */
const MAX_DEPTH = 256;

/** An upper bound of the nesting depth, from the `yaml` lexer (which does not recurse). */
function nestingDepth(text: string): number {
  let max = 0, flow = 0, line = 0, lineStart = true;
  for (const tok of new Lexer().lex(text)) {
    if (tok === '\n' || tok === '\r\n') [line, lineStart] = [0, true];
    else if (lineStart && /^ +$/.test(tok)) [line, lineStart] = [tok.length, false];
    else if (tok === '-' || tok === '?') max = Math.max(max, flow + ++line);
    else if (tok === '[' || tok === '{') max = Math.max(max, ++flow + line);
    else if (tok === ']' || tok === '}') flow = Math.max(0, flow - 1);
    else if (tok === '---') flow = 0;
    if (tok !== '\n' && tok !== '\r\n' && !/^ +$/.test(tok)) lineStart = false;
  }
  return max;
}

/**
 * Each document on its own: the text is cut at its `---` lines, as kubectl cuts it before parsing
 * (k8s.io/apimachinery's YAML reader), so one document with an alias or a merge key costs the
 * exact path for itself only, and one broken document leaves the others readable.
 */
export function decodeEachDocument(text: string): Decoded {
  const out: Decoded = { documents: [], errors: [] };
  let [doc, line] = [0, 1];
  for (const part of text.split(/^(?=---(?:[ \t]|\r?$))/m)) {
    if (doc > 0 || part.startsWith('---') || /^\s*[^\s#%]/m.test(part)) {
      doc++;
      const d = decodePart(part);
      const shift = <T extends { line?: number }>(x: T): T & { doc: number; line: number } => ({ ...x, doc, line: line + (x.line ?? 1) - 1 });
      for (const x of d.documents) out.documents.push(shift(x));
      for (const e of d.errors) out.errors.push(shift(e));
      for (const w of d.warnings ?? []) (out.warnings ??= []).push(shift(w));
    }
    line += countLines(part);
  }
  return out;
}

function decodePart(part: string): Decoded {
  if (!needsExactPath(part)) {
    const documents: DecodedDocument[] = [];
    try {
      jsYaml.loadAll(part, (value) => documents.push({ doc: 1, line: 1, value }), { schema: SCHEMA });
      return { documents, errors: [] };
    } catch {
      // read exactly below, which names the problem
    }
  }
  if (nestingDepth(part) > MAX_DEPTH) return { documents: [], errors: [{ doc: 1, line: 1, message: `YAML nested deeper than ${MAX_DEPTH} levels; not parsed, so what kubectl would read from it (it allows 10000) is not analysed` }] };
  return decodeExactly(part);
}

function countLines(s: string): number {
  let n = 0;
  for (let i = s.indexOf('\n'); i !== -1; i = s.indexOf('\n', i + 1)) n++;
  return n;
}

/** One part (usually one document) through the `yaml` package, converted with yaml.v2's rules. */
function decodeExactly(text: string): Decoded {
  const documents: DecodedDocument[] = [];
  const errors: DecodeError[] = [];
  const warnings: DecodeError[] = [];
  const lineStarts = lineIndex(text);
  const docs = parseAllDocuments(text, { version: '1.1', schema: 'failsafe', uniqueKeys: false, prettyErrors: false });
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
      const { value, duplicates } = goValue(d);
      documents.push({ doc: docNo, line, value });
      if (duplicates.length > 0) {
        const keys = [...new Set(duplicates.map((x) => JSON.stringify(x.key.length > 60 ? `${x.key.slice(0, 60)}…` : x.key)))];
        const at = duplicates[0]!.offset !== undefined ? lineOf(lineStarts, duplicates[0]!.offset) : line;
        warnings.push({ doc: docNo, line: at, message: `key ${keys.slice(0, 3).join(', ')}${keys.length > 3 ? ` and ${keys.length - 3} more` : ''} written twice in one map; the later value is used, as kubectl uses it` });
      }
    } catch (err) {
      if (!(err instanceof GoYamlError)) throw err;
      const at = err.offset !== undefined ? lineOf(lineStarts, err.offset) : line;
      errors.push({ doc: docNo, line: at, message: `YAML: ${firstLine(err.message)}` });
    }
  });
  return warnings.length > 0 ? { documents, errors, warnings } : { documents, errors };
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

/**
 * Concatenated JSON values ({...}{...} or one a line), as `kubectl apply -f` reads them; undefined
 * when the text is not exactly that. Scans for value boundaries outside strings, then JSON.parse.
 */
export function splitJsonStream(text: string): { value: unknown; line: number }[] | undefined {
  const out: { value: unknown; line: number }[] = [];
  let depth = 0;
  let inString = false;
  let start = -1;
  let line = 1;
  let startLine = 1;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) line++;
    if (inString) {
      if (c === 92) i++; // backslash: skip the escaped character
      else if (c === 34) inString = false;
      continue;
    }
    if (c === 34) inString = true;
    else if (c === 123 || c === 91) {
      if (depth++ === 0) {
        start = i;
        startLine = line;
      }
    } else if (c === 125 || c === 93) {
      if (--depth < 0) return undefined;
      if (depth === 0) {
        try {
          out.push({ value: JSON.parse(text.slice(start, i + 1)), line: startLine });
        } catch {
          return undefined;
        }
      }
    } else if (depth === 0 && c !== 32 && c !== 9 && c !== 10 && c !== 13) return undefined;
  }
  return depth === 0 && out.length > 1 ? out : undefined;
}
