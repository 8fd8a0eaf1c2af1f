// Issue 14 ("never fall over"): spreading an array into a call (`push(...x)`, `Math.max(...x)`,
// `f(...x)`) passes every element as an argument, and V8 throws RangeError past ~125k of them,
// so audit, `graph -o mermaid` and big tables once died on the 100k benchmark world. src/ uses
// loops instead; the few calls left spread a list that is small by construction, each named
// below with why. A new one fails this test: write a loop, or add it here with its bound.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, test } from 'vitest';

const SRC = join(import.meta.dirname, '../../src');

/** Call spreads on a different line each: where, the text it contains, and why its array is small. */
const SAFE: { file: string; text: string; why: string }[] = [
  { file: 'src/report/table.ts', text: 't.push(...rows)', why: 'one block of at most 200 rows (renderTable renders blocks)' },
  { file: 'src/report/graph-dot.ts', text: 'lines.push(...legend(', why: 'one legend line per kind of node' },
  { file: 'src/report/diff.ts', text: 'Math.max(-1, ...c.risks', why: 'at most one risk per audit check' },
  { file: 'src/report/diff-workloads.ts', text: 'Math.max(-1, ...c.risks', why: 'at most one risk per audit check' },
  { file: 'src/engine/request-spec.ts', text: 'notes.push(...split.notes)', why: 'the notes on how one request was read' },
  { file: 'src/cli/commands/paths.ts', text: 'notes.push(...analysis.hints(', why: 'hints about one subject' },
  { file: 'src/cli/commands/who-can.ts', text: 'result.notes.unshift(...notes)', why: 'the notes of one question' },
  { file: 'src/bench/run.ts', text: 'Math.max(h.length, ...rows.map(', why: 'one row per benchmark size' },
  { file: 'src/bench/run.ts', text: 'failed(r, ...tasks)', why: 'the names of a few benchmark tasks' },
  { file: 'src/report/html/client/findings-view.ts', text: 'select.append(...checks.map(', why: 'one option per audit check' },
  { file: 'src/report/html/client/findings-view.ts', text: 'append(...SEVERITIES.map(', why: 'one tile per severity' },
  { file: 'src/report/html/client/graph-view.ts', text: 'append(...NODE_CLASS_ORDER.filter(', why: 'one list per kind of node' },
  { file: 'src/report/html/client/main.ts', text: "append(...legend())", why: 'one legend entry per kind of node' },
  { file: 'src/report/html/client/query-views.ts', text: 'append(...hits.slice(0, 60).map(', why: 'at most 60 suggestions' },
  { file: 'src/bench/plot.ts', text: 'Math.m', why: 'a few dozen plotted points' },
];

// A call whose arguments start with, or include after a comma, a spread; object and array literal
// spreads ({...x}, [...x]: no argument limit) and rest parameters are fine.
const CALL_SPREAD = /[\w$\])]\s*\(([^(){}[\]]*,\s*)?\.\.\.(?!args\b)(?![\w$]+\s*:)[\w$([]/;

function files(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) for (const f of files(full)) out.push(f);
    else if (name.endsWith('.ts')) out.push(full);
  }
  return out;
}

describe('no spread of unbounded arrays into calls', () => {
  test('every call spread in src/ is a listed small one', () => {
    const found: string[] = [];
    for (const file of files(SRC)) {
      const rel = relative(join(SRC, '..'), file);
      readFileSync(file, 'utf8').split('\n').forEach((line, i) => {
        if (line.trimStart().startsWith('//') || !CALL_SPREAD.test(line)) return;
        if (SAFE.some((s) => s.file === rel && line.includes(s.text))) return;
        found.push(`${rel}:${i + 1}: ${line.trim().slice(0, 120)}`);
      });
    }
    expect(found).toEqual([]);
  });

  test('the pattern catches the shapes that fell over', () => {
    for (const bad of ['out.push(...rows)', 'Math.max(...widths)', 'lines.push(a, ...body)', 'f(...list)', 'String.fromCharCode(...bytes)']) expect(CALL_SPREAD.test(bad), bad).toBe(true);
    for (const fine of ['out.push({ ...base, x })', 'const [a, ...rest] = xs', 'function f(...args) {}', 'new Set([...a])', 'function g(r: R, ...tasks: string[])', 'f([a, ...b])']) expect(CALL_SPREAD.test(fine), fine).toBe(false);
  });
});
