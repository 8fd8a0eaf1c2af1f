// A parsed YAML document (the `yaml` package's nodes, read with the failsafe schema so every
// scalar is still text) -> the JSON value kubectl gets from it, following Go's yaml.v2 decoder:
// keys and merges applied in order, a later key winning (`<<` included: `name: view` then
// `<<: {name: cluster-admin}` is cluster-admin; in a merged list the earlier map wins), aliases
// expanded under yaml.v2's budget (a share of all decode steps, so an alias bomb stops early
// however few aliases it has), and what kubectl refuses refused with its reason. Pure.
import { isAlias, isMap, isPair, isScalar, isSeq, type Alias, type Document, type Pair, type Scalar, type YAMLMap } from 'yaml';
import { resolvePlain, resolveTagged, type GoScalar } from './yaml-go-scalar.js';

export class GoYamlError extends Error {
  constructor(message: string, readonly offset?: number) {
    super(message);
  }
}

/** Nesting reached through aliases (which the text's own depth check cannot see) is refused past this. */
const MAX_EXPANDED_DEPTH = 1000;

type YNode = unknown;
type Target = Record<string, unknown>;

export interface GoDocument {
  value: unknown;
  /** Keys written twice in one map (the later value is kept, as kubectl keeps it), with where. */
  duplicates: { key: string; offset?: number }[];
}

/** The document's value; throws GoYamlError where kubectl would refuse the document. */
export function goValue(doc: Document.Parsed): GoDocument {
  const root = doc.contents as YNode;
  if (root === null || root === undefined) return { value: null, duplicates: [] };
  const d = new Decoder(resolveAnchors(root));
  d.count(); // yaml.v2 counts the document node too
  return { value: d.value(root, 0), duplicates: d.duplicates };
}

// yaml.v2 resolves an alias while parsing, to the latest anchor of that name before it (an
// anchor counts from the start of its node, so an alias inside its own anchor is a cycle).
function resolveAnchors(root: YNode): Map<Alias, YNode> {
  const anchors = new Map<string, YNode>();
  const targets = new Map<Alias, YNode>();
  const walk = (n: YNode): void => {
    if (n === null || n === undefined) return;
    if (isAlias(n)) {
      const t = anchors.get(n.source);
      if (t === undefined) throw new GoYamlError(`unknown anchor '${n.source}' referenced`, n.range?.[0]);
      targets.set(n, t);
      return;
    }
    if (isPair(n)) return (walk(n.key), walk(n.value));
    const anchor = (n as { anchor?: string }).anchor;
    if (anchor) anchors.set(anchor, n);
    if (isMap(n)) for (const p of n.items) (walk(p.key), walk(p.value));
    else if (isSeq(n)) for (const item of n.items) walk(item);
  };
  walk(root);
  return targets;
}

// yaml.v2's alias budget: past 100 aliased decodes and 1000 in all, the aliased share may not
// pass 99% (small documents) falling to 10% (documents of 4 million decodes and more).
function allowedAliasRatio(decodes: number): number {
  if (decodes <= 400_000) return 0.99;
  if (decodes >= 4_000_000) return 0.1;
  return 0.99 - 0.89 * ((decodes - 400_000) / 3_600_000);
}

class Decoder {
  private decodes = 0;
  private aliased = 0;
  private aliasDepth = 0;
  private readonly expanding = new Set<Alias>();
  readonly duplicates: GoDocument['duplicates'] = [];

  constructor(private readonly targets: Map<Alias, YNode>) {}

  /** One yaml.v2 `unmarshal` call. */
  count(): void {
    this.decodes++;
    if (this.aliasDepth > 0) this.aliased++;
    if (this.aliased > 100 && this.decodes > 1000 && this.aliased / this.decodes > allowedAliasRatio(this.decodes)) {
      throw new GoYamlError('document contains excessive aliasing (alias expansion over the limit kubectl allows; kubectl refuses it too)');
    }
  }

  value(n: YNode, depth: number): unknown {
    this.count();
    if (depth > MAX_EXPANDED_DEPTH) throw new GoYamlError(`nested deeper than ${MAX_EXPANDED_DEPTH} levels through aliases; not read (kubectl may read it)`);
    if (n === null || n === undefined) return null; // an empty node: a null plain scalar
    if (isAlias(n)) return this.viaAlias(n, (t) => this.value(t, depth + 1));
    if (isScalar(n)) return jsonValue(scalarOf(n), n);
    if (isMap(n)) return this.pairs(n.items, depth, newTarget());
    if (isSeq(n)) {
      const out: unknown[] = [];
      for (const item of n.items) out.push(isPair(item) ? this.singlePair(item, depth + 1) : this.value(item, depth + 1));
      return out;
    }
    if (isPair(n)) return this.singlePair(n, depth);
    throw new GoYamlError('unexpected YAML node');
  }

  private viaAlias<T>(a: Alias, then: (target: YNode) => T): T {
    if (this.expanding.has(a)) throw new GoYamlError(`anchor '${a.source}' value contains itself`, a.range?.[0]);
    this.expanding.add(a);
    this.aliasDepth++;
    try {
      return then(this.targets.get(a));
    } finally {
      this.aliasDepth--;
      this.expanding.delete(a);
    }
  }

  // `[a: 1]` is a sequence holding a one-pair map.
  private singlePair(p: Pair, depth: number): Target {
    this.count();
    return this.pairs([p], depth, newTarget());
  }

  private pairs(items: readonly Pair[], depth: number, out: Target): Target {
    const keys = keyIdentities(out);
    const written = new Set<string>(); // keys of this map node itself: a repeat is a duplicate, a merge is not
    for (const p of items) {
      if (isMergeKey(p.key)) {
        this.merge(p.value, depth + 1, out);
        continue;
      }
      const key = this.key(p.key, depth + 1);
      const value = this.value(p.value, depth + 1);
      const json = key.key;
      if (typeof json !== 'string') throw new GoYamlError(`unsupported map key (${json.error})`, offsetOf(p.key));
      const identity = `${key.type}:${String(key.value)}`;
      const seen = keys.get(json);
      if (seen !== undefined && seen !== identity) throw new GoYamlError(`keys ${seen.slice(seen.indexOf(':') + 1)} and ${identity.slice(identity.indexOf(':') + 1)} both become "${json}" (kubectl keeps either, at random)`, offsetOf(p.key));
      keys.set(json, identity);
      if (written.has(json) && this.aliasDepth === 0) this.duplicates.push({ key: json, offset: offsetOf(p.key) });
      written.add(json);
      setKey(out, json, value);
    }
    return out;
  }

  private key(n: YNode, depth: number): GoScalar {
    this.count();
    if (isAlias(n)) return this.viaAlias(n, (t) => this.key(t, depth + 1));
    if (n === null || n === undefined) return resolvePlain('');
    if (isScalar(n)) {
      const s = scalarOf(n);
      if ('error' in s) throw new GoYamlError(s.error, offsetOf(n));
      return s;
    }
    throw new GoYamlError('invalid map key: a map or a list cannot be a key', offsetOf(n));
  }

  // yaml.v2 `merge`: a map (or alias of one) is decoded into the map being built; a list of
  // them from the last to the first, so the earlier ones win.
  private merge(n: YNode, depth: number, out: Target): void {
    if (isSeq(n)) {
      for (let i = n.items.length - 1; i >= 0; i--) this.mergeOne(n.items[i], depth + 1, out);
      return;
    }
    this.mergeOne(n, depth, out);
  }

  private mergeOne(n: YNode, depth: number, out: Target): void {
    const target = isAlias(n) ? this.targets.get(n) : n;
    if (!isMap(target) && !isPair(target)) throw new GoYamlError('map merge requires map or sequence of maps as the value', offsetOf(n));
    this.count();
    if (isAlias(n)) return this.viaAlias(n, () => this.mergeOne(target, depth + 1, out));
    this.pairs(isPair(target) ? [target] : (target as YAMLMap).items as Pair[], depth, out);
  }
}

function isMergeKey(k: YNode): boolean {
  if (!isScalar(k) || k.source !== '<<') return false;
  return k.tag === 'tag:yaml.org,2002:merge' || (k.tag === undefined && k.type === 'PLAIN');
}

function scalarOf(n: Scalar): GoScalar | { error: string } {
  const text = typeof n.source === 'string' ? n.source : String(n.value ?? '');
  if (n.tag) return resolveTagged(n.tag, text);
  return n.type === 'PLAIN' ? resolvePlain(text) : { value: text, key: text, type: 'str' };
}

function jsonValue(s: GoScalar | { error: string }, n: Scalar): unknown {
  if ('error' in s) throw new GoYamlError(s.error, offsetOf(n));
  if (typeof s.value === 'number' && !Number.isFinite(s.value)) throw new GoYamlError(`json: unsupported value: ${n.source} (kubectl cannot convert it to JSON)`, offsetOf(n));
  return s.value;
}

function offsetOf(n: YNode): number | undefined {
  return (n as { range?: [number, number, number] } | null)?.range?.[0];
}

// Key identities per map being built, so a merge into it sees the keys already set.
const identities = new WeakMap<Target, Map<string, string>>();
function keyIdentities(out: Target): Map<string, string> {
  let m = identities.get(out);
  if (!m) identities.set(out, (m = new Map()));
  return m;
}

function newTarget(): Target {
  return {};
}

/** `__proto__` is an own key, as JSON.parse makes it, never the prototype. */
function setKey(out: Target, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(out, key, { value, writable: true, enumerable: true, configurable: true });
  else out[key] = value;
}
