// The escalation graph's storage: a simple directed graph (at most one edge from a node to
// another). graphology cost ~10 µs an edge here (object-keyed adjacency, edge keys, events) on
// graphs of 500k edges where the search needs only "the edges into or out of a node"; the method
// names follow graphology's, for the few the paths code uses. Nodes are numbered in insertion
// order. Edges are numbered too and chained per node, out and in, in the order added, in typed
// arrays: two JS arrays per node and direction cost more to build and to collect than the
// graph's own data (at 150k nodes the young-generation collector copied 600k of them).
export class SimpleDigraph<N, E> {
  private readonly ids = new Map<string, number>();
  private readonly keyList: string[] = [];
  private readonly attrList: N[] = [];
  // Per node id: the first and last edge out of it (and into it), and how many; -1 for none.
  private outHead = new Int32Array(INITIAL_NODES).fill(-1);
  private outTail = new Int32Array(INITIAL_NODES).fill(-1);
  private outCount = new Int32Array(INITIAL_NODES);
  private inHead = new Int32Array(INITIAL_NODES).fill(-1);
  private inTail = new Int32Array(INITIAL_NODES).fill(-1);
  private inCount = new Int32Array(INITIAL_NODES);
  // Per edge id: its ends, the next edge out of its source and into its target (-1: the last), its attributes.
  private edgeFrom = new Int32Array(INITIAL_EDGES);
  private edgeTo = new Int32Array(INITIAL_EDGES);
  private nextOut = new Int32Array(INITIAL_EDGES);
  private nextIn = new Int32Array(INITIAL_EDGES);
  private edgeAttr: E[] = [];
  /** Edge id by target, made for a node with more than SCAN edges out the first time neither end's list is short enough to scan. */
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
    if (id === this.outHead.length) this.growNodes();
    this.ids.set(key, id);
    this.keyList.push(key);
    this.attrList.push(attrs);
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
    const e = this.position(f, t);
    if (e < 0) this.append(f, t, attrs);
    else if (replaces(this.edgeAttr[e]!, attrs)) this.edgeAttr[e] = attrs;
  }
  forEachOutEdge(node: string, cb: (attrs: E, target: string) => void): void {
    const id = this.ids.get(node);
    if (id === undefined) return;
    for (let e = this.outHead[id]!; e !== -1; e = this.nextOut[e]!) cb(this.edgeAttr[e]!, this.keyList[this.edgeTo[e]!]!);
  }
  forEachInEdge(node: string, cb: (attrs: E, source: string) => void): void {
    const id = this.ids.get(node);
    if (id === undefined) return;
    for (let e = this.inHead[id]!; e !== -1; e = this.nextIn[e]!) cb(this.edgeAttr[e]!, this.keyList[this.edgeFrom[e]!]!);
  }
  filterNodes(keep: (key: string, attrs: N) => boolean): string[] {
    const out: string[] = [];
    for (let i = 0; i < this.keyList.length; i++) if (keep(this.keyList[i]!, this.attrList[i]!)) out.push(this.keyList[i]!);
    return out;
  }
  /** Every edge, by source in insertion order, then in the order added. */
  forEachEdge(cb: (attrs: E, source: string, target: string) => void): void {
    for (let f = 0; f < this.keyList.length; f++) {
      for (let e = this.outHead[f]!; e !== -1; e = this.nextOut[e]!) cb(this.edgeAttr[e]!, this.keyList[f]!, this.keyList[this.edgeTo[e]!]!);
    }
  }
  dropEdge(from: string, to: string): void {
    const f = this.ids.get(from);
    const t = this.ids.get(to);
    const e = f === undefined || t === undefined ? -1 : this.position(f, t);
    if (e < 0) throw new Error(`SimpleDigraph: no edge ${from} -> ${to}`);
    this.unlink(e, this.outHead, this.outTail, this.nextOut, f!);
    this.unlink(e, this.inHead, this.inTail, this.nextIn, t!);
    this.outCount[f!]!--;
    this.inCount[t!]!--;
    this.outIndex.get(f!)?.delete(t!);
    this.edges--;
  }
  /** A copy sharing the attribute objects (they are not mutated once built). */
  copy(): SimpleDigraph<N, E> {
    const c = new SimpleDigraph<N, E>();
    // The chains first: sized for every node already, so addNode below never grows them only to be replaced.
    c.outHead = this.outHead.slice();
    c.outTail = this.outTail.slice();
    c.outCount = this.outCount.slice();
    c.inHead = this.inHead.slice();
    c.inTail = this.inTail.slice();
    c.inCount = this.inCount.slice();
    c.edgeFrom = this.edgeFrom.slice();
    c.edgeTo = this.edgeTo.slice();
    c.nextOut = this.nextOut.slice();
    c.nextIn = this.nextIn.slice();
    c.edgeAttr = this.edgeAttr.slice();
    for (let i = 0; i < this.keyList.length; i++) c.addNode(this.keyList[i]!, this.attrList[i]!);
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
    const e = this.position(f, t);
    return e < 0 ? undefined : this.edgeAttr[e];
  }
  /** The first edge id out of `id` (forward) or into it (backward), in the order added; -1 when none. */
  firstEdge(id: number, direction: 'forward' | 'backward'): number {
    return direction === 'forward' ? this.outHead[id]! : this.inHead[id]!;
  }
  /** The edge after edge id `e` in the same list; -1 after the last. */
  nextEdge(e: number, direction: 'forward' | 'backward'): number {
    return direction === 'forward' ? this.nextOut[e]! : this.nextIn[e]!;
  }
  /** The node at the far end of edge id `e`: its target (forward) or its source (backward). */
  farEnd(e: number, direction: 'forward' | 'backward'): number {
    return direction === 'forward' ? this.edgeTo[e]! : this.edgeFrom[e]!;
  }
  edgeAttributesOf(e: number): E {
    return this.edgeAttr[e]!;
  }

  private ends(from: string, to: string): [number, number] {
    const f = this.ids.get(from);
    const t = this.ids.get(to);
    if (f === undefined || t === undefined) throw new Error(`SimpleDigraph: edge ${from} -> ${to} names a missing node`);
    return [f, t];
  }
  /** The id of the edge f -> t, or -1: a scan when f's out-list or t's in-list is short, else f's index. */
  private position(f: number, t: number): number {
    if (this.outCount[f]! <= SCAN) {
      for (let e = this.outHead[f]!; e !== -1; e = this.nextOut[e]!) if (this.edgeTo[e] === t) return e;
      return -1;
    }
    if (this.inCount[t]! <= SCAN) {
      for (let e = this.inHead[t]!; e !== -1; e = this.nextIn[e]!) if (this.edgeFrom[e] === f) return e;
      return -1;
    }
    return this.index(f).get(t) ?? -1;
  }
  private index(f: number): Map<number, number> {
    let m = this.outIndex.get(f);
    if (!m) {
      m = new Map();
      for (let e = this.outHead[f]!; e !== -1; e = this.nextOut[e]!) m.set(this.edgeTo[e]!, e);
      this.outIndex.set(f, m);
    }
    return m;
  }
  private append(f: number, t: number, attrs: E): void {
    const e = this.edgeAttr.length;
    if (e === this.edgeFrom.length) this.growEdges();
    this.edgeFrom[e] = f;
    this.edgeTo[e] = t;
    this.nextOut[e] = -1;
    this.nextIn[e] = -1;
    this.edgeAttr.push(attrs);
    if (this.outTail[f] === -1) this.outHead[f] = e;
    else this.nextOut[this.outTail[f]!] = e;
    this.outTail[f] = e;
    this.outCount[f]!++;
    if (this.inTail[t] === -1) this.inHead[t] = e;
    else this.nextIn[this.inTail[t]!] = e;
    this.inTail[t] = e;
    this.inCount[t]!++;
    this.outIndex.get(f)?.set(t, e);
    this.edges++;
  }
  /** Takes edge e out of one node's chain (a scan: only --rbac-only drops edges, a few thousand). */
  private unlink(e: number, head: Int32Array, tail: Int32Array, next: Int32Array, node: number): void {
    let prev = -1;
    for (let x = head[node]!; x !== e; x = next[x]!) prev = x;
    if (prev === -1) head[node] = next[e]!;
    else next[prev] = next[e]!;
    if (tail[node] === e) tail[node] = prev;
  }
  private growNodes(): void {
    const n = this.outHead.length * 2;
    this.outHead = grown(this.outHead, n, -1);
    this.outTail = grown(this.outTail, n, -1);
    this.outCount = grown(this.outCount, n, 0);
    this.inHead = grown(this.inHead, n, -1);
    this.inTail = grown(this.inTail, n, -1);
    this.inCount = grown(this.inCount, n, 0);
  }
  private growEdges(): void {
    const n = this.edgeFrom.length * 2;
    this.edgeFrom = grown(this.edgeFrom, n, 0);
    this.edgeTo = grown(this.edgeTo, n, 0);
    this.nextOut = grown(this.nextOut, n, 0);
    this.nextIn = grown(this.nextIn, n, 0);
  }
}

function grown(a: Int32Array, length: number, fill: number): Int32Array<ArrayBuffer> {
  const b = new Int32Array(length);
  if (fill !== 0) b.fill(fill, a.length);
  b.set(a);
  return b;
}

const INITIAL_NODES = 1024;
const INITIAL_EDGES = 4096;
/** Edge lists this short are scanned; a node with more edges out is indexed by target. */
const SCAN = 32;
