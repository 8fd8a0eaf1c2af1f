// Decoding text into documents: YAML streams, JSON, and broken input that must not hide the rest.
import { describe, expect, test } from 'vitest';
import { decodeText } from '../../src/collect/decode.js';

describe('decodeText', () => {
  test('a multi-document YAML stream keeps document positions', () => {
    const d = decodeText('a: 1\n---\nb: 2\n---\n---\nc: 3\n');
    expect(d.errors).toEqual([]);
    expect(d.documents.filter((x) => x.value !== null).map((x) => x.doc)).toEqual([1, 2, 4]);
  });

  test('a JSON document is parsed as JSON', () => {
    expect(decodeText('{"kind":"List","items":[]}').documents).toEqual([{ doc: 1, line: 1, value: { kind: 'List', items: [] } }]);
  });

  test('a JSON stream without separators (kubectl get -o json of several objects, jq -c) is several documents', () => {
    const d = decodeText('{"a": "{not a brace}"}\n{"b": [1, {"c": "\\"}"}]}\n');
    expect(d.documents.map((x) => [x.doc, x.line, x.value])).toEqual([[1, 1, { a: '{not a brace}' }], [2, 2, { b: [1, { c: '"}' }] }]]);
  });

  test('a broken document is reported with its index and line; the others are kept', () => {
    const d = decodeText('a: 1\n---\nb: [unclosed\n---\nc: 3\n');
    expect(d.errors).toHaveLength(1);
    expect(d.errors[0]).toMatchObject({ doc: 2 });
    expect(d.errors[0]!.line).toBeGreaterThanOrEqual(3);
    expect(d.documents.map((x) => x.value)).toEqual([{ a: 1 }, { c: 3 }]);
  });

  test('duplicate keys: the last one wins, as kubectl keeps it, with a warning naming the key', () => {
    const d = decodeText('a: 1\na: 2\n---\nb: 1\n');
    expect(d.errors).toEqual([]);
    expect(d.documents.map((x) => x.value)).toEqual([{ a: 2 }, { b: 1 }]);
    expect(d.warnings).toEqual([{ doc: 1, line: 2, message: 'key "a" written twice in one map; the later value is used, as kubectl uses it' }]);
  });

  test('an alias bomb is refused for its document, not expanded', () => {
    const bomb = ['a: &a ["x","x","x","x","x","x","x","x","x","x"]', 'b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]', 'c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]', 'd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]', 'e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d,*d]', 'f: [*e,*e,*e,*e,*e,*e,*e,*e,*e,*e]'].join('\n');
    const d = decodeText(`${bomb}\n---\nok: true\n`);
    expect(d.errors.map((e) => e.doc)).toEqual([1]);
    expect(d.documents.map((x) => x.value)).toEqual([{ ok: true }]);
  });

  test('small anchors and aliases still work', () => {
    expect(decodeText('a: &x [1]\nb: *x\n').documents[0]!.value).toEqual({ a: [1], b: [1] });
  });

  test('binary garbage is an error, not a crash', () => {
    const d = decodeText('\u0000\u0001\u0002: [\n');
    expect(d.errors.length + d.documents.length).toBeGreaterThan(0);
  });
});
