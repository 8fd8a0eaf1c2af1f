// Reads the fenced blocks of a markdown file and pairs each command or library snippet with the
// output block that follows it (only blank lines between), so docs can be run as tests.
export interface Fence {
  lang: string;
  body: string;
  line: number; // 1-based line of the opening fence
  end: number; // offset just after the closing fence
  start: number;
  bodyAt: number; // offset of the body
}

export interface DocExample {
  file: string;
  line: number;
  kind: 'shell' | 'js' | 'ts';
  code: string;
  output?: { lang: string; body: string; at: number }; // at: offset of body in the file
  skip?: string; // the reason given in a `<!-- doc-test: skip REASON -->` comment
}

const OUTPUT_LANGS = new Set(['text', 'json', 'yaml', 'csv', 'mermaid', 'dot', 'xml']);
const FILE = /<!--\s*doc-test:\s*file\s+(\S+)\s*-->\s*$/;
const SKIP = /<!--\s*doc-test:\s*skip\s+([^>]*?)\s*-->\s*$/;

export function fences(markdown: string): Fence[] {
  const out: Fence[] = [];
  // A fence may be indented (inside a list item); its body is dedented by the same amount.
  const re = /^([ \t]*)(`{3,})([\w-]*)[^\n]*\n([\s\S]*?)^\1\2[ \t]*$/gm;
  for (let m = re.exec(markdown); m; m = re.exec(markdown)) {
    const indent = m[1]!;
    const body = indent ? m[4]!.split('\n').map((l) => (l.startsWith(indent) ? l.slice(indent.length) : l)).join('\n') : m[4]!;
    out.push({ lang: m[3]!, body, line: markdown.slice(0, m.index).split('\n').length, start: m.index, end: m.index + m[0].length, bodyAt: m.index + m[0].indexOf('\n') + 1 });
  }
  return out;
}

/** A bare ``` block is a command when every line of it runs rbac. */
function isCommand(f: Fence): boolean {
  if (f.lang === 'sh' || f.lang === 'bash' || f.lang === 'console') return true;
  return f.lang === '' && f.body.trim() !== '' && f.body.trim().split('\n').every((l) => /^(npx )?(rbac|kubectl rbac|kubectl-rbac)\b/.test(l.trim()));
}

export function examples(file: string, markdown: string): DocExample[] {
  const fs = fences(markdown);
  const out: DocExample[] = [];
  for (let i = 0; i < fs.length; i++) {
    const f = fs[i]!;
    const kind = isCommand(f) ? 'shell' : f.lang === 'js' || f.lang === 'javascript' ? 'js' : f.lang === 'ts' || f.lang === 'typescript' ? 'ts' : undefined;
    if (!kind) continue;
    const before = markdown.slice(0, f.start).trimEnd().split('\n').at(-1) ?? '';
    const skip = SKIP.exec(before)?.[1];
    const next = fs[i + 1];
    const adjacent = next && markdown.slice(f.end, next.start).trim() === '' && OUTPUT_LANGS.has(next.lang);
    out.push({ file, line: f.line, kind, code: f.body, ...(adjacent ? { output: { lang: next.lang, body: next.body, at: next.bodyAt } } : {}), ...(skip ? { skip } : {}) });
    if (adjacent) i++;
  }
  return out;
}

/** Output matches the doc line by line; a line `...` in the doc stands for any number of lines. */
export function matchesDoc(expected: string, actual: string): boolean {
  const exp = expected.replace(/\n+$/, '').split('\n');
  const act = actual.replace(/\n+$/, '').split('\n');
  const go = (e: number, a: number): boolean => {
    if (e === exp.length) return a === act.length;
    if (exp[e]!.trim() === '...') {
      for (let k = a; k <= act.length; k++) if (go(e + 1, k)) return true;
      return false;
    }
    return a < act.length && act[a] === exp[e] && go(e + 1, a + 1);
  };
  return go(0, 0);
}

/** Blocks marked `<!-- doc-test: file PATH -->`: the doc shows that shipped file, verbatim. */
export function shownFiles(file: string, markdown: string): { file: string; line: number; path: string; body: string }[] {
  return fences(markdown).flatMap((f) => {
    const path = FILE.exec(markdown.slice(0, f.start).trimEnd().split('\n').at(-1) ?? '')?.[1];
    return path ? [{ file, line: f.line, path, body: f.body }] : [];
  });
}
