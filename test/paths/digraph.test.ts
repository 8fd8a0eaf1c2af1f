// SimpleDigraph: the escalation graph's storage. mergeEdge is the builder's one way to add an
// edge (graph-builder.ts edge()); the edge lookup scans short lists and indexes a busy node's.
import { describe, expect, test } from 'vitest';
import { SimpleDigraph } from '../../src/paths/digraph.js';

type E = { via: string; condition?: string };
const certainOverConditional = (old: E, e: E) => old.condition !== undefined && e.condition === undefined;

function graph(...keys: string[]): SimpleDigraph<string, E> {
  const g = new SimpleDigraph<string, E>();
  for (const k of keys.length ? keys : ['a', 'b']) g.addNode(k, k);
  return g;
}
const seen = (g: SimpleDigraph<string, E>) => {
  const out: string[] = [];
  g.forEachOutEdge('a', (e, t) => out.push(`out ${t} ${e.via}`));
  g.forEachInEdge('b', (e, s) => out.push(`in ${s} ${e.via}`));
  return [...out, `size ${g.size}`];
};

describe('SimpleDigraph.mergeEdge', () => {
  test.each([
    { name: 'a new edge is added, seen from both ends', edges: [{ via: 'x' }], want: ['out b x', 'in a x', 'size 1'] },
    { name: 'a second edge between the same nodes keeps the first when it does not replace', edges: [{ via: 'x' }, { via: 'y' }], want: ['out b x', 'in a x', 'size 1'] },
    { name: 'a certain edge replaces a conditional one, at both ends', edges: [{ via: 'x', condition: 'if' }, { via: 'y' }], want: ['out b y', 'in a y', 'size 1'] },
    { name: 'a conditional edge never replaces a certain one', edges: [{ via: 'x' }, { via: 'y', condition: 'if' }], want: ['out b x', 'in a x', 'size 1'] },
  ])('$name', ({ edges, want }) => {
    const g = graph();
    const [a, b] = [g.idOf('a')!, g.idOf('b')!];
    for (const e of edges) g.mergeEdge(a, b, e, certainOverConditional);
    expect(seen(g)).toEqual(want);
  });

  test('an edge naming a missing node is refused', () => {
    expect(() => graph().mergeEdge(0, 7, { via: 'x' }, certainOverConditional)).toThrow(/missing node/);
  });
});

// A fan-out node (node:* to every workload) has more edges than a scan is worth: past 32 its
// targets are indexed, and the index must follow every later change.
describe('SimpleDigraph edge lookup on a busy node', () => {
  const many = 100;
  function fan(): SimpleDigraph<string, E> {
    const keys = ['hub', 'sink', ...Array.from({ length: many }, (_, i) => `n${i}`)];
    const g = graph(...keys);
    const hub = g.idOf('hub')!;
    for (let i = 0; i < many; i++) {
      g.mergeEdge(hub, g.idOf(`n${i}`)!, { via: `to n${i}`, condition: 'if' }, certainOverConditional);
      // Every target also has many edges in, so neither end is short: the index answers.
      g.mergeEdge(g.idOf(`n${i}`)!, g.idOf('sink')!, { via: 'down' }, certainOverConditional);
    }
    for (let i = 0; i < many; i++) if (i !== 50) g.mergeEdge(g.idOf(`n${50}`)!, g.idOf(`n${i}`)!, { via: 'side' }, certainOverConditional);
    return g;
  }

  test.each([
    { name: 'an existing edge is found', from: 'hub', to: 'n77', want: 'to n77' },
    { name: 'a missing edge is not', from: 'hub', to: 'sink', want: undefined },
    { name: 'an edge into a busy node from a busy node is found', from: 'n50', to: 'n99', want: 'side' },
    { name: 'a node without an edge to itself has none', from: 'n50', to: 'n50', want: undefined },
  ])('$name', ({ from, to, want }) => {
    expect(fan().edgeAttributes(from, to)?.via).toBe(want);
  });

  test('a repeated edge is merged, not added, once the node is indexed', () => {
    const g = fan();
    const size = g.size;
    g.mergeEdge(g.idOf('hub')!, g.idOf('n60')!, { via: 'certain' }, certainOverConditional);
    expect([g.size, g.edgeAttributes('hub', 'n60')?.via]).toEqual([size, 'certain']);
    const into: string[] = [];
    g.forEachInEdge('n60', (e, s) => into.push(`${s} ${e.via}`));
    expect(into).toEqual(['hub certain', 'n50 side']);
  });

  test('dropping an edge keeps the order of the others and the lookups right', () => {
    const g = fan();
    g.edgeAttributes('hub', 'n1');
    g.dropEdge('hub', 'n10');
    const targets: string[] = [];
    g.forEachOutEdge('hub', (_e, t) => targets.push(t));
    expect(targets).toEqual(Array.from({ length: many }, (_, i) => `n${i}`).filter((k) => k !== 'n10'));
    expect([g.hasEdge('hub', 'n10'), g.edgeAttributes('hub', 'n11')?.via, g.edgeAttributes('hub', 'n99')?.via]).toEqual([false, 'to n11', 'to n99']);
    expect(() => g.dropEdge('hub', 'n10')).toThrow(/no edge/);
  });

  // Edges are chained per node: dropping the first or the last must leave both chains whole, so
  // an edge added afterwards comes last, seen from either end.
  test.each([
    { name: 'the first edge', drop: 'n0' },
    { name: 'a middle edge', drop: 'n1' },
    { name: 'the last edge', drop: 'n2' },
  ])('dropping $name, then adding one, keeps both chains in order', ({ drop }) => {
    const g = graph('hub', 'n0', 'n1', 'n2', 'n3');
    const hub = g.idOf('hub')!;
    for (const n of ['n0', 'n1', 'n2']) g.mergeEdge(hub, g.idOf(n)!, { via: n }, certainOverConditional);
    for (const n of ['n0', 'n1', 'n2']) if (n !== 'n2') g.mergeEdge(g.idOf(n)!, g.idOf('n2')!, { via: `${n}>n2` }, certainOverConditional);
    g.dropEdge('hub', drop);
    g.mergeEdge(hub, g.idOf('n3')!, { via: 'n3' }, certainOverConditional);
    g.mergeEdge(hub, g.idOf(drop)!, { via: `${drop} again` }, certainOverConditional);
    const out: string[] = [];
    g.forEachOutEdge('hub', (e) => out.push(e.via));
    const into: string[] = [];
    g.forEachInEdge('n2', (e, s) => into.push(`${s} ${e.via}`));
    const kept = ['n0', 'n1', 'n2'].filter((n) => n !== drop);
    expect({ out, into, size: g.size }).toEqual({
      out: [...kept, 'n3', `${drop} again`],
      into: drop === 'n2' ? ['n0 n0>n2', 'n1 n1>n2', 'hub n2 again'] : ['hub n2', 'n0 n0>n2', 'n1 n1>n2'],
      size: 6,
    });
  });

  test('a copy has the same edges in the same order and changes apart from the original', () => {
    const g = fan();
    const edges = (x: SimpleDigraph<string, E>) => {
      const out: string[] = [];
      x.forEachEdge((e, s, t) => out.push(`${s}>${t} ${e.via}`));
      return out;
    };
    const c = g.copy();
    expect(edges(c)).toEqual(edges(g));
    c.dropEdge('hub', 'n3');
    expect([g.hasEdge('hub', 'n3'), c.hasEdge('hub', 'n3'), g.size - c.size]).toEqual([true, false, 1]);
  });
});
