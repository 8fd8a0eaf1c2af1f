// The escalation graph's storage: a simple directed graph (at most one edge from a node to
// another) on plain Maps. graphology cost ~10 µs an edge here (object-keyed adjacency, edge
// keys, events) on graphs of 300k edges where the search needs only "the edges into or out of
// a node"; the method names follow graphology's, for the few the paths code uses.
export class SimpleDigraph<N, E> {
  private readonly nodeAttrs = new Map<string, N>();
  private readonly out = new Map<string, Map<string, E>>();
  private readonly in = new Map<string, Map<string, E>>();
  private edges = 0;

  get order(): number {
    return this.nodeAttrs.size;
  }
  get size(): number {
    return this.edges;
  }
  hasNode(key: string): boolean {
    return this.nodeAttrs.has(key);
  }
  addNode(key: string, attrs: N): void {
    if (this.nodeAttrs.has(key)) throw new Error(`SimpleDigraph: node "${key}" already exists`);
    this.nodeAttrs.set(key, attrs);
  }
  getNodeAttributes(key: string): N {
    const a = this.nodeAttrs.get(key);
    if (a === undefined) throw new Error(`SimpleDigraph: no node "${key}"`);
    return a;
  }
  getNodeAttribute<K extends keyof N>(key: string, name: K): N[K] {
    return this.getNodeAttributes(key)[name];
  }
  /** Node keys in insertion order. */
  nodes(): string[] {
    return [...this.nodeAttrs.keys()];
  }
  hasEdge(from: string, to: string): boolean {
    return this.out.get(from)?.has(to) ?? false;
  }
  /** The edge from `from` to `to`, or undefined. */
  edgeAttributes(from: string, to: string): E | undefined {
    return this.out.get(from)?.get(to);
  }
  addEdge(from: string, to: string, attrs: E): void {
    if (!this.nodeAttrs.has(from) || !this.nodeAttrs.has(to)) throw new Error(`SimpleDigraph: edge ${from} -> ${to} names a missing node`);
    if (this.hasEdge(from, to)) throw new Error(`SimpleDigraph: edge ${from} -> ${to} already exists`);
    this.setEdge(from, to, attrs);
    this.edges++;
  }
  /** Adds the edge, or gives an existing one these attributes when `replaces(existing, attrs)` says so: one lookup of `from`'s edges either way. */
  mergeEdge(from: string, to: string, attrs: E, replaces: (existing: E, attrs: E) => boolean): void {
    const o = this.out.get(from);
    const existing = o?.get(to);
    if (existing !== undefined) {
      if (replaces(existing, attrs)) this.setEdge(from, to, attrs, o);
      return;
    }
    if (!this.nodeAttrs.has(from) || !this.nodeAttrs.has(to)) throw new Error(`SimpleDigraph: edge ${from} -> ${to} names a missing node`);
    this.setEdge(from, to, attrs, o);
    this.edges++;
  }
  forEachOutEdge(node: string, cb: (attrs: E, target: string) => void): void {
    for (const [t, a] of this.out.get(node) ?? []) cb(a, t);
  }
  forEachInEdge(node: string, cb: (attrs: E, source: string) => void): void {
    for (const [s, a] of this.in.get(node) ?? []) cb(a, s);
  }
  filterNodes(keep: (key: string, attrs: N) => boolean): string[] {
    const out: string[] = [];
    for (const [k, a] of this.nodeAttrs) if (keep(k, a)) out.push(k);
    return out;
  }
  forEachEdge(cb: (attrs: E, source: string, target: string) => void): void {
    for (const [s, targets] of this.out) for (const [t, a] of targets) cb(a, s, t);
  }
  dropEdge(from: string, to: string): void {
    if (!this.out.get(from)?.delete(to)) throw new Error(`SimpleDigraph: no edge ${from} -> ${to}`);
    this.in.get(to)!.delete(from);
    this.edges--;
  }
  /** A copy sharing the attribute objects (they are not mutated once built). */
  copy(): SimpleDigraph<N, E> {
    const c = new SimpleDigraph<N, E>();
    for (const [k, a] of this.nodeAttrs) c.addNode(k, a);
    this.forEachEdge((a, s, t) => c.addEdge(s, t, a));
    return c;
  }
  private setEdge(from: string, to: string, attrs: E, o = this.out.get(from)): void {
    if (!o) this.out.set(from, (o = new Map()));
    o.set(to, attrs);
    let i = this.in.get(to);
    if (!i) this.in.set(to, (i = new Map()));
    i.set(from, attrs);
  }
}
