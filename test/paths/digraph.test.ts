// SimpleDigraph.mergeEdge: the escalation graph's one way to add an edge (graph-builder.ts edge()).
import { describe, expect, test } from 'vitest';
import { SimpleDigraph } from '../../src/paths/digraph.js';

type E = { via: string; condition?: string };
const certainOverConditional = (old: E, e: E) => old.condition !== undefined && e.condition === undefined;

function graph(): SimpleDigraph<string, E> {
  const g = new SimpleDigraph<string, E>();
  for (const k of ['a', 'b']) g.addNode(k, k);
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
    for (const e of edges) g.mergeEdge('a', 'b', e, certainOverConditional);
    expect(seen(g)).toEqual(want);
  });

  test('an edge naming a missing node is refused', () => {
    expect(() => graph().mergeEdge('a', 'nope', { via: 'x' }, certainOverConditional)).toThrow(/missing node/);
  });
});
