// The escalation graph's storage: a simple directed graph (at most one edge from a node to
// another). graphology cost ~10 µs an edge here (object-keyed adjacency, edge keys, events) on
// graphs of 500k edges where the search needs only "the edges into or out of a node"; the method
// names follow graphology's, for the few the paths code uses. Nodes are numbered in insertion
// order and edges kept in per-node arrays: a Map per node cost more in memory and collection
// than the graph's own data at 150k nodes.
export class SimpleDigraph<N, E> {
  private readonly ids = new Map<string, number>();
  private readonly keyList: string[] = [];
  private readonly attrList: N[] = [];
  // Per node id: the other end and the attributes of each edge out of it (and into it), in the order added.
  private readonly outTo: number[][] = [];
  private readonly outAttr: E[][] = [];
  private readonly inFrom: number[][] = [];
  private readonly inAttr: E[][] = [];
  /** Position of each target in outTo, made for a node with more than SCAN edges out the first time neither end's list is short enough to scan. */
  private readonly outIndex = new Map<number, Map<number, number>>();
  private edges = 0;

  get order(): number {
    return this.keyList.length;
  }
  get size(): number {
    return this.edges;
  }
  hasNode(key: string): boolean {
    return this.ids.has(key);
  }
  /** Adds the node and gives its id. */
  addNode(key: string, attrs: N): number {
    if (this.ids.has(key)) throw new Error(`SimpleDigraph: node "${key}" already exists`);
    const id = this.keyList.length;
    this.ids.set(key, id);
    this.keyList.push(key);
    this.attrList.push(attrs);
    this.outTo.push([]);
    this.outAttr.push([]);
    this.inFrom.push([]);
    this.inAttr.push([]);
    return id;
  }
  getNodeAttributes(key: string): N {
    const id = this.ids.get(key);
    if (id === undefined) throw new Error(`SimpleDigraph: no node "${key}"`);
    return this.attrList[id]!;
  }
  getNodeAttribute<K extends keyof N>(key: string, name: K): N[K] {
    return this.getNodeAttributes(key)[name];
  }
  /** Node keys in insertion order. */
  nodes(): string[] {
    return [...this.keyList];
  }
  hasEdge(from: string, to: string): boolean {
    return this.edgeAttributes(from, to) !== undefined;
  }
  /** The edge from `from` to `to`, or undefined. */
  edgeAttributes(from: string, to: string): E | undefined {
    const f = this.ids.get(from);
    const t = this.ids.get(to);
    return f === undefined || t === undefined ? undefined : this.edgeBetween(f, t);
  }
  addEdge(from: string, to: string, attrs: E): void {
    const [f, t] = this.ends(from, to);
    if (this.position(f, t) >= 0) throw new Error(`SimpleDigraph: edge ${from} -> ${to} already exists`);
    this.append(f, t, attrs);
  }
  /** Adds the edge between node ids f and t, or gives an existing one these attributes when `replaces(existing, attrs)` says so. */
  mergeEdge(f: number, t: number, attrs: E, replaces: (existing: E, attrs: E) => boolean): void {
    if (this.attrList[f] === undefined || this.attrList[t] === undefined) throw new Error(`SimpleDigraph: edge ${f} -> ${t} names a missing node`);
    const i = this.position(f, t);
    if (i < 0) return this.append(f, t, attrs);
    if (!replaces(this.outAttr[f]![i]!, attrs)) return;
    this.outAttr[f]![i] = attrs;
    this.inAttr[t]![this.inFrom[t]!.indexOf(f)] = attrs;
  }
  forEachOutEdge(node: string, cb: (attrs: E, target: string) => void): void {
    const id = this.ids.get(node);
    if (id === undefined) return;
    const to = this.outTo[id]!;
    const at = this.outAttr[id]!;
    for (let i = 0; i < to.length; i++) cb(at[i]!, this.keyList[to[i]!]!);
  }
  forEachInEdge(node: string, cb: (attrs: E, source: string) => void): void {
    const id = this.ids.get(node);
    if (id === undefined) return;
    const from = this.inFrom[id]!;
    const at = this.inAttr[id]!;
    for (let i = 0; i < from.length; i++) cb(at[i]!, this.keyList[from[i]!]!);
  }
  filterNodes(keep: (key: string, attrs: N) => boolean): string[] {
    const out: string[] = [];
    for (let i = 0; i < this.keyList.length; i++) if (keep(this.keyList[i]!, this.attrList[i]!)) out.push(this.keyList[i]!);
    return out;
  }
  /** Every edge, by source in insertion order, then in the order added. */
  forEachEdge(cb: (attrs: E, source: string, target: string) => void): void {
    for (let f = 0; f < this.outTo.length; f++) {
      const to = this.outTo[f]!;
      const at = this.outAttr[f]!;
      for (let i = 0; i < to.length; i++) cb(at[i]!, this.keyList[f]!, this.keyList[to[i]!]!);
    }
  }
  dropEdge(from: string, to: string): void {
    const f = this.ids.get(from);
    const t = this.ids.get(to);
    const i = f === undefined || t === undefined ? -1 : this.position(f, t);
    if (i < 0) throw new Error(`SimpleDigraph: no edge ${from} -> ${to}`);
    this.outTo[f!]!.splice(i, 1);
    this.outAttr[f!]!.splice(i, 1);
    const j = this.inFrom[t!]!.indexOf(f!);
    this.inFrom[t!]!.splice(j, 1);
    this.inAttr[t!]!.splice(j, 1);
    this.outIndex.delete(f!);
    this.edges--;
  }
  /** A copy sharing the attribute objects (they are not mutated once built). */
  copy(): SimpleDigraph<N, E> {
    const c = new SimpleDigraph<N, E>();
    for (let i = 0; i < this.keyList.length; i++) c.addNode(this.keyList[i]!, this.attrList[i]!);
    for (let i = 0; i < this.keyList.length; i++) {
      c.outTo[i] = [...this.outTo[i]!];
      c.outAttr[i] = [...this.outAttr[i]!];
      c.inFrom[i] = [...this.inFrom[i]!];
      c.inAttr[i] = [...this.inAttr[i]!];
    }
    c.edges = this.edges;
    return c;
  }

  // By node id (insertion order), for the search: no key lookups per edge.
  idOf(key: string): number | undefined {
    return this.ids.get(key);
  }
  keyOf(id: number): string {
    return this.keyList[id]!;
  }
  attributesOf(id: number): N {
    return this.attrList[id]!;
  }
  /** The edge from node id f to node id t, or undefined. */
  edgeBetween(f: number, t: number): E | undefined {
    const i = this.position(f, t);
    return i < 0 ? undefined : this.outAttr[f]![i];
  }
  /** Ids of the nodes at the other end of `id`'s out-edges (forward) or in-edges (backward), and those edges, in the order added. */
  neighbours(id: number, direction: 'forward' | 'backward'): [ends: readonly number[], edges: readonly E[]] {
    return direction === 'forward' ? [this.outTo[id]!, this.outAttr[id]!] : [this.inFrom[id]!, this.inAttr[id]!];
  }

  private ends(from: string, to: string): [number, number] {
    const f = this.ids.get(from);
    const t = this.ids.get(to);
    if (f === undefined || t === undefined) throw new Error(`SimpleDigraph: edge ${from} -> ${to} names a missing node`);
    return [f, t];
  }
  /** Where the edge f -> t sits in f's out-list, or -1: a scan when f's out-list or t's in-list is short, else f's index. */
  private position(f: number, t: number): number {
    const to = this.outTo[f]!;
    if (to.length <= SCAN) return to.indexOf(t);
    if (this.inFrom[t]!.length <= SCAN && !this.inFrom[t]!.includes(f)) return -1;
    return this.index(f).get(t) ?? -1;
  }
  private index(f: number): Map<number, number> {
    let m = this.outIndex.get(f);
    if (!m) {
      m = new Map();
      const to = this.outTo[f]!;
      for (let i = 0; i < to.length; i++) m.set(to[i]!, i);
      this.outIndex.set(f, m);
    }
    return m;
  }
  private append(f: number, t: number, attrs: E): void {
    this.outIndex.get(f)?.set(t, this.outTo[f]!.length);
    this.outTo[f]!.push(t);
    this.outAttr[f]!.push(attrs);
    this.inFrom[t]!.push(f);
    this.inAttr[t]!.push(attrs);
    this.edges++;
  }
}

/** Edge lists this short are scanned; a node with more edges out is indexed by target. */
const SCAN = 32;
