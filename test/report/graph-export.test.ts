// rbac graph: the exporters (golden DOT and Mermaid, GraphML/GEXF/JSON round trips through the
// graphology parsers), the focus subgraphs, escaping of hostile names, and the command itself.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
import { MultiDirectedGraph } from 'graphology';
import gexf from 'graphology-gexf';
import graphml from 'graphology-graphml';
import { describe, expect, test } from 'vitest';
import { registerGraph } from '../../src/cli/commands/graph.js';
import { UsageError } from '../../src/errors.js';
import { focusSeeds, grantNodes, neighbourhood, subgraph } from '../../src/graph/focus.js';
import { dotString, toDotChunks } from '../../src/report/graph-dot.js';
import { nodeLabel } from '../../src/report/graph-style.js';
import { buildGraphLists } from '../../src/graph/lists.js';
import { generateWorld, toJsonList } from '../../src/bench/generate.js';
import { exportGraph } from '../../src/report/graph-export.js';
import { toGraphmlChunks } from '../../src/report/graph-xml.js';
import { mermaidText, toMermaidChunks } from '../../src/report/graph-mermaid.js';
import { cr, crb, rb, role, rule, world } from '../helpers/builders.js';
import { analyzeFile, analyzeYaml } from '../helpers/load.js';

const fixtures = join(import.meta.dirname, 'fixtures');
const root = join(import.meta.dirname, '../..');

function golden(name: string, actual: string): void {
  const file = join(fixtures, name);
  if (process.env.UPDATE_GOLDEN || !existsSync(file)) writeFileSync(file, actual);
  expect(actual).toBe(readFileSync(file, 'utf8'));
}

const tiny = () =>
  world([
    cr('view', [], { aggregationRule: { clusterRoleSelectors: [{ matchLabels: { v: 'true' }, matchExpressions: [] }] } }),
    cr('pods-read', [rule('get,list', '', 'pods')], { labels: { v: 'true' } }),
    role('prod', 'deployer', [rule('create', 'apps', 'deployments'), rule('get', '', 'secrets', 'registry')]),
    crb('everyone', 'view', 'Group:system:authenticated', 'ServiceAccount::nobody'),
    rb('prod', 'ci', 'Role:deployer', 'ServiceAccount::ci', 'User:alice'),
    rb('prod', 'dangling', 'ClusterRole:ghost', 'User:bob'),
  ]);

describe('golden exports of a tiny world', () => {
  const g = subgraph(tiny().graph);
  test('DOT', () => golden('tiny.dot', exportGraph(g, 'dot', { title: 'tiny' })));
  test('Mermaid', () => golden('tiny.mmd', exportGraph(g, 'mermaid', { title: 'tiny' })));
  test('DOT parses with Graphviz, when it is installed', () => {
    if (!existsSync('/usr/bin/dot')) return;
    expect(execFileSync('dot', ['-Tsvg'], { input: exportGraph(g, 'dot') }).toString()).toContain('</svg>');
  });
});

describe('GraphML, GEXF and JSON read back with the graphology parsers', () => {
  const g = subgraph(tiny().graph);
  const check = (back: MultiDirectedGraph) => {
    expect(back.order).toBe(g.order);
    expect(back.size).toBe(g.size);
    expect(back.getNodeAttributes('sa:prod:ci')).toMatchObject({ kind: 'subject', subjectKind: 'ServiceAccount', name: 'ci', namespace: 'prod', matchable: true, class: 'serviceaccount', label: 'ServiceAccount prod/ci' });
    expect(back.getNodeAttributes('sa::nobody')).toMatchObject({ matchable: false, class: 'unmatchable' });
    expect(back.getNodeAttributes('clusterrole:view')).toMatchObject({ roleKind: 'ClusterRole', aggregated: true, missing: false, class: 'aggregated' });
    expect(back.getNodeAttributes('clusterrole:ghost')).toMatchObject({ missing: true, class: 'missing' });
    const r = back.getNodeAttributes('role:prod/deployer#1');
    expect(r).toMatchObject({ kind: 'rule', index: 1 });
    expect(JSON.parse(String(r.resourceNames))).toEqual(['registry']);
    expect(JSON.parse(String(r.apiGroups))).toEqual(['']);
    const grants = back.edges('rolebinding:prod/ci', 'role:prod/deployer').map((e) => back.getEdgeAttributes(e));
    expect(grants).toEqual([expect.objectContaining({ kind: 'grants', scope: 'prod', label: 'in prod' })]);
    expect(back.getEdgeAttributes(back.edges('clusterrole:view', 'clusterrole:pods-read')[0]!)).toMatchObject({ kind: 'aggregates' });
  };
  test('GraphML', () => check(graphml.parse(MultiDirectedGraph, exportGraph(g, 'graphml'))));
  test('GEXF', () => check(gexf.parse(MultiDirectedGraph, exportGraph(g, 'gexf'))));
  test('JSON is graphology\'s serialisation', () => {
    const back = MultiDirectedGraph.from(JSON.parse(exportGraph(g, 'json')));
    expect(back.order).toBe(g.order);
    expect(back.size).toBe(g.size);
    expect(back.getNodeAttributes('role:prod/deployer#0')).toEqual(g.getNodeAttributes('role:prod/deployer#0'));
  });
});

describe('focus', () => {
  const a = tiny();
  const g = a.graph;
  const sorted = (xs: string[]) => [...xs].sort();
  test('a subject: its bindings, roles and rules, not the other subjects of its bindings', () => {
    expect(sorted(neighbourhood(g, ['sa:prod:ci']).nodes)).toEqual(['role:prod/deployer', 'role:prod/deployer#0', 'role:prod/deployer#1', 'rolebinding:prod/ci', 'sa:prod:ci']);
  });
  test('a role: who is bound to it (backward) and what it holds (forward, through aggregation)', () => {
    expect(sorted(neighbourhood(g, ['clusterrole:view']).nodes)).toEqual(['clusterrole:pods-read', 'clusterrole:pods-read#0', 'clusterrole:view', 'clusterrolebinding:everyone', 'group:system:authenticated', 'sa::nobody']);
  });
  test('--depth limits the hops each way; limit and fanout cut the walk closest first', () => {
    expect(sorted(neighbourhood(g, ['clusterrole:view'], 1).nodes)).toEqual(['clusterrole:pods-read', 'clusterrole:view', 'clusterrolebinding:everyone']);
    expect(neighbourhood(g, ['clusterrole:view'], Infinity, 2)).toEqual({ nodes: ['clusterrole:view', 'clusterrole:pods-read'], truncated: true });
    expect(neighbourhood(g, ['clusterrolebinding:everyone'], Infinity, Infinity, 1)).toEqual({ nodes: ['clusterrolebinding:everyone', 'clusterrole:view', 'group:system:authenticated', 'clusterrole:pods-read', 'clusterrole:pods-read#0'], truncated: true });
  });
  test('namespace:NS seeds every subject, binding and role of the namespace', () => {
    expect(sorted(focusSeeds(g, 'namespace:prod'))).toEqual(['role:prod/deployer', 'rolebinding:prod/ci', 'rolebinding:prod/dangling', 'sa:prod:ci']);
    expect(sorted(neighbourhood(g, focusSeeds(g, 'namespace:prod')).nodes)).toContain('clusterrole:ghost');
  });
  test('focus texts: node keys, subjects as what-can takes them, and helpful errors', () => {
    expect(focusSeeds(g, 'system:serviceaccount:prod:ci')).toEqual(['sa:prod:ci']);
    expect(focusSeeds(g, 'clusterrole:view')).toEqual(['clusterrole:view']);
    expect(() => focusSeeds(g, 'clusterrole:nope')).toThrow(UsageError);
    expect(() => focusSeeds(g, 'user:ci')).toThrow(/did you mean .*sa:prod:ci/);
    expect(() => focusSeeds(g, 'namespace:nowhere')).toThrow(/nothing in the graph belongs to namespace nowhere/);
  });
  test('who-can: exactly the granting paths, through aggregation to the allowing rule', () => {
    const t = analyzeFile(join(root, 'samples/worlds/teaching.yaml'));
    const r = t.resolve({ verb: 'delete', resource: 'secrets', namespace: 'prod' });
    const nodes = grantNodes(t.graph, t.whoCan(r.request).grants);
    expect(sorted(nodes)).toEqual(sorted([
      'user:alice', 'clusterrolebinding:platform-owners', 'clusterrole:cluster-admin', 'clusterrole:cluster-admin#0',
      'group:sre', 'rolebinding:prod/sre-admin', 'clusterrole:admin', 'clusterrole:edit', 'clusterrole:teaching:aggregate-to-edit', 'clusterrole:teaching:aggregate-to-edit#0',
    ]));
  });
  test('subgraph keeps the graph order and numbers edges e0, e1, ...', () => {
    const s = subgraph(g, ['sa:prod:ci', 'rolebinding:prod/ci', 'role:prod/deployer']);
    expect(s.nodes()).toEqual(g.nodes().filter((k) => ['sa:prod:ci', 'rolebinding:prod/ci', 'role:prod/deployer'].includes(k)));
    expect(s.edges()).toEqual(['e0', 'e1']);
  });
});

/** A DOT quoted string read back as Graphviz reads a label: \" \\ \n escapes and the entities we write. */
function undot(q: string): string {
  return q.slice(1, -1).replace(/\\(.)/g, (_m, c: string) => (c === 'n' ? '\n' : c)).replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

describe('names from the input are escaped for every format', () => {
  const nasty = ['<script>alert(1)</script>', 'q"uote\\', 'eve\\', 'line1\nline2 & <b>x</b> \\N \\G', 'a|b]}) #35; %% `x` ; end'];
  test.each([...nasty, 'crlf\r\nend\r', '\\"&amp;\n\n'])('DOT: %j survives as a label', (name) => {
    const q = dotString(name);
    expect(q).toMatch(/^"([^"\\\n]|\\.)*"$/s);
    expect(undot(q)).toBe(name.replace(/\r\n|\r/g, '\n'));
  });
  test.each([...nasty, 'emoji \u{1F600} and a lone \ud800 surrogate', 'é€'])('Mermaid: %j is written with safe characters and entity codes only', (name) => {
    const t = mermaidText(name);
    expect(t).toMatch(/^([A-Za-z0-9 _.,:/@*+=()[\]!?'-]|#\d+;|<br>)*$/);
    const back = t.replace(/<br>/g, '\n').replace(/#(\d+);/g, (_m, d: string) => String.fromCodePoint(Number(d)));
    expect(back).toBe(name);
  });
  const yaml = readFileSync(join(fixtures, 'hostile-names.yaml'), 'utf8');
  const g = subgraph(analyzeYaml(yaml).graph);
  test('the hostile world renders with Graphviz to the exact names, when it is installed', () => {
    if (!existsSync('/usr/bin/dot')) return;
    const svg = execFileSync('dot', ['-Tsvg'], { input: exportGraph(g, 'dot') }).toString();
    expect(svg).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(svg).toContain('q&quot;uote\\</text>');
  });
  test.each(['graphml', 'gexf'] as const)('%s reads back with the exact names', (format) => {
    const text = exportGraph(g, format);
    const back = (format === 'graphml' ? graphml : gexf).parse(MultiDirectedGraph, text);
    expect(back.order).toBe(g.order);
    expect(back.getNodeAttribute('clusterrole:<script>alert(1)</script>', 'name')).toBe('<script>alert(1)</script>');
    expect(back.getNodeAttribute('clusterrolebinding:q"uote\\', 'name')).toBe('q"uote\\');
    expect(back.getNodeAttribute('group:line1\nline2 & <b>bold</b> \\N \\G', 'name')).toBe('line1\nline2 & <b>bold</b> \\N \\G');
    expect(back.getNodeAttribute('user:ctl\ufffdchar', 'name')).toBe('ctl\ufffdchar');
  });
  test('DOT node labels are the kind and name escaped as one string, also for a subject kind that matches no one', () => {
    const oddBinding = 'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata: {name: odd}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view}\nsubjects: [{kind: "Robot\\r", name: "r\\r\\nx"}]';
    const odd = analyzeYaml(`${yaml}\n---\n${oddBinding}`).graph;
    const labels = [...exportGraph(odd, 'dot').matchAll(/^ {2}n\d+ \[label=("(?:[^"\\]|\\.)*")/gm)].map((m) => m[1]);
    const expected: string[] = [];
    odd.forEachNode((_k, a) => {
      const { kind, name } = nodeLabel(a);
      expected.push(dotString(`${kind}\n${name}`));
    });
    expect(labels).toEqual(expected);
    expect(labels).toContain('"Robot\\n (matches no one)\\nr\\nx"');
  });
  test('Mermaid of the hostile world: no raw quote, comment or markup inside any label', () => {
    const m = exportGraph(g, 'mermaid');
    for (const line of m.split('\n').filter((l) => /^ {2}n\d+/.test(l) && !l.includes('-->') && !l.includes('==>'))) {
      expect(line).toMatch(/^ {2}n\d+[[({>/]{1,2}"([^"<>&%`]|<br>)*"[\])}/]{1,2}$/);
    }
  });
});

describe('DOT, Mermaid and GraphML in pieces', () => {
  const g = buildGraphLists(analyzeYaml(toJsonList(generateWorld({ objects: 10000, seed: 1 }))).policy);
  let edges = 0;
  g.forEachEdge(() => void edges++);
  test.each([
    // DOT fills its pieces from the first line to the legend; Mermaid's body is pieces of its own between the head and the class lines.
    ['dot', toDotChunks, 'digraph rbac {\n', '\n}\n', /^ {2}n\d+ -> /, 0, 1],
    ['mermaid', toMermaidChunks, 'flowchart LR\n', ' rule\n', /^ {2}n\d+ (-->|==>|-\.->)/, 1, 2],
    ['graphml', (w: Parameters<typeof toGraphmlChunks>[0]) => toGraphmlChunks(w), '<?xml version="1.0" encoding="UTF-8"?>\n', '  </graph>\n</graphml>\n', /^ {4}<edge id="e\d+" /, 0, 1],
  ] as const)('%s: a large graph comes in pieces of about 1 MB, each ending at a line, that make the whole', (_f, chunksOf, start, end, edge, before, after) => {
    const chunks = chunksOf(g, { title: 'big' });
    expect(chunks.length).toBeGreaterThan(2);
    for (const c of chunks) expect(c.endsWith('\n')).toBe(true);
    for (const c of chunks.slice(before, -after)) {
      expect(c.length).toBeGreaterThanOrEqual(1 << 20);
      expect(c.length).toBeLessThan((1 << 20) + 4096);
    }
    const whole = chunks.join('');
    expect(whole.startsWith(start)).toBe(true);
    expect(whole.endsWith(end)).toBe(true);
    expect(whole.split('\n').filter((l) => edge.test(l)).length).toBe(edges);
  });
});

describe('rbac graph', () => {
  async function run(args: string[]): Promise<{ out: string; err: string }> {
    let out = '';
    let err = '';
    const io = { out: (t: string) => void (out += t), err: (t: string) => void (err += t), write: async (t: string) => void (out += t) };
    const program = new Command('rbac').exitOverride();
    registerGraph(program, io, () => undefined);
    await program.parseAsync(['graph', ...args, '-q'], { from: 'user' });
    return { out, err };
  }
  const teaching = ['-f', join(root, 'samples/worlds/teaching.yaml')];
  test('--focus and -o mermaid', async () => {
    const { out } = await run(['--focus', 'sa:prod:deployer', '-o', 'mermaid', ...teaching]);
    expect(out).toContain('[/"ServiceAccount<br>prod/deployer"/]');
    expect(out).not.toContain('alice');
  });
  test('--who-can "delete secrets -n prod" keeps the granting paths', async () => {
    const { out } = await run(['--who-can', 'delete secrets -n prod', ...teaching]);
    expect(out).toContain('label="Who can delete secrets in namespace prod (and group system:masters)"');
    expect(out).toContain('"RoleBinding\\nprod/sre-admin"');
    expect(out).not.toContain('devs');
  });
  test('bad flags are usage errors', async () => {
    await expect(run(['--who-can', 'delete', ...teaching])).rejects.toThrow(UsageError);
    await expect(run(['--focus', 'x:y', '--who-can', 'get pods', ...teaching])).rejects.toThrow(/give one of them/);
    await expect(run(['-o', 'png', ...teaching])).rejects.toThrow(/-o png: rbac graph writes dot, mermaid, graphml, gexf or json/);
    await expect(run(['--depth', '2', ...teaching])).rejects.toThrow(/--depth applies to --focus/);
  });
  test.each([
    [['-n', 'prod'], /-n prod names the namespace of a workload --focus .*use --focus namespace:prod$/],
    [['-n', 'prod', '--focus', 'sa:prod:deployer'], /use --focus namespace:prod$/],
    [['-n', 'prod', '--who-can', 'delete secrets'], /--who-can "delete secrets -n prod"/],
  ])('-n without a workload --focus is a usage error that says what to write: %j', async (args, message) => {
    await expect(run([...args, ...teaching])).rejects.toThrow(message);
  });
});
