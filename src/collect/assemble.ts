// Decoded documents -> Snapshot, the way `kubectl apply -f` would see them: List items unpacked,
// namespaced objects without a namespace put in the default namespace, and a later definition of
// the same kind/namespace/name replacing the earlier one (with a warning naming both places).
import { describeSource, type Diagnostic } from '../model/diagnostic.js';
import type { RbacObject, SourceRef } from '../model/rbac.js';
import { emptySnapshot, type ServiceAccountTokenSecret, type Snapshot, type SnapshotMeta } from '../model/snapshot.js';
import { decodeEachDocument, streamDocuments, type Decoded } from './decode.js';
import { normalizeObject, type NormalizeContext } from './normalize.js';

export interface AssembleOptions {
  defaultNamespace?: string;
}

export class SnapshotBuilder {
  private readonly objects = new Map<string, RbacObject>();
  private readonly tokenSecrets = new Map<string, ServiceAccountTokenSecret>();
  private readonly skipped = new Map<string, number>();
  readonly diagnostics: Diagnostic[] = [];
  private readonly ctx: NormalizeContext;

  constructor(options: AssembleOptions = {}) {
    this.ctx = { defaultNamespace: options.defaultNamespace || 'default', diagnostics: this.diagnostics };
  }

  /**
   * A file's text. Documents are normalised as they are parsed; when the fast parser gives up on
   * the file (a bad document, aliases), what it staged is dropped and every document is read on
   * its own, so the good documents of a broken file still count and nothing counts twice.
   */
  addText(file: string, text: string): void {
    const staged: RbacObject[] = [];
    const secrets: ServiceAccountTokenSecret[] = [];
    const diagnostics: Diagnostic[] = [];
    const skipped = new Map<string, number>();
    const sink: Sink = { ctx: { defaultNamespace: this.ctx.defaultNamespace, diagnostics }, object: (o) => staged.push(o), tokenSecret: (t) => secrets.push(t), skipped: (k) => skipped.set(k, (skipped.get(k) ?? 0) + 1) };
    const ok = streamDocuments(text, (value, doc, line) => this.visit(value, { type: 'file', file, doc, ...(line !== undefined ? { line } : {}) }, 0, sink));
    if (!ok) {
      this.addDecoded(file, decodeEachDocument(text));
      return;
    }
    this.diagnostics.push(...diagnostics);
    for (const [k, n] of skipped) this.skipped.set(k, (this.skipped.get(k) ?? 0) + n);
    for (const o of staged) this.add(o);
    for (const t of secrets) this.addTokenSecret(t);
  }

  addDecoded(file: string, decoded: Decoded): void {
    for (const e of decoded.errors) {
      this.diagnostics.push({ severity: 'error', code: 'yaml-syntax', message: `document ${e.doc} could not be parsed (${e.message}); the rest of the file is still read`, source: { type: 'file', file, doc: e.doc, ...(e.line !== undefined ? { line: e.line } : {}) } });
    }
    for (const d of decoded.documents) {
      const src: SourceRef = { type: 'file', file, doc: d.doc, ...(d.line !== undefined ? { line: d.line } : {}) };
      this.addValue(d.value, src, 0);
    }
  }

  addValue(value: unknown, src: SourceRef, depth: number): void {
    this.visit(value, src, depth, { ctx: this.ctx, object: (o) => this.add(o), tokenSecret: (t) => this.addTokenSecret(t), skipped: (k) => this.skipped.set(k, (this.skipped.get(k) ?? 0) + 1) });
  }

  private visit(value: unknown, src: SourceRef, depth: number, sink: Sink): void {
    if (value === null || value === undefined) return; // empty document, e.g. between two `---`
    if (isList(value)) {
      if (depth > 8) {
        sink.ctx.diagnostics.push({ severity: 'error', code: 'nesting', message: 'List nested more than 8 deep; ignored', source: src });
        return;
      }
      value.items.forEach((item, i) => this.visit(item, src.type === 'file' ? { type: 'file', file: src.file, doc: src.doc, item: i } : src, depth + 1, sink));
      return;
    }
    const n = normalizeObject(value, src, sink.ctx);
    if (n.type === 'skipped') sink.skipped(n.kind);
    if (n.type === 'object') sink.object(n.object);
    if (n.type === 'token-secret') sink.tokenSecret(n.secret);
  }

  /** A later definition of the same Secret replaces the earlier one, as for every object. */
  addTokenSecret(t: ServiceAccountTokenSecret): void {
    const key = `${t.namespace}/${t.name}`;
    this.tokenSecrets.delete(key);
    this.tokenSecrets.set(key, t);
  }

  add(obj: RbacObject): void {
    const ns = 'namespace' in obj ? obj.namespace : '';
    const key = `${obj.kind}/${ns}/${obj.name}`;
    const prev = this.objects.get(key);
    if (prev) {
      this.diagnostics.push({
        severity: 'warning',
        code: 'duplicate-object',
        message: `${obj.kind} ${ns ? `${ns}/` : ''}${obj.name} is defined twice; the later definition (${describeSource(obj.source)}) replaces the earlier one (${describeSource(prev.source)}), as kubectl apply would`,
        source: obj.source,
      });
      this.objects.delete(key); // re-insert so the survivor takes the later position
    }
    this.objects.set(key, obj);
  }

  build(meta: SnapshotMeta): Snapshot {
    const snap = emptySnapshot(meta);
    for (const o of this.objects.values()) {
      switch (o.kind) {
        case 'Role': snap.roles.push(o); break;
        case 'ClusterRole': snap.clusterRoles.push(o); break;
        case 'RoleBinding': snap.roleBindings.push(o); break;
        case 'ClusterRoleBinding': snap.clusterRoleBindings.push(o); break;
        case 'ServiceAccount': snap.serviceAccounts.push(o); break;
        case 'Namespace': snap.namespaces.push(o); break;
        case 'CustomResourceDefinition': snap.customResources.push(o); break;
      }
    }
    if (this.tokenSecrets.size > 0) snap.tokenSecrets = [...this.tokenSecrets.values()];
    if (this.skipped.size > 0) {
      const total = [...this.skipped.values()].reduce((a, b) => a + b, 0);
      const kinds = [...this.skipped.entries()].sort((a, b) => b[1] - a[1]).map(([k, n]) => `${k}: ${n}`).join(', ');
      this.diagnostics.push({ severity: 'info', code: 'skipped-kinds', message: `skipped ${total} object(s) of kinds that carry no RBAC (${kinds})` });
    }
    snap.diagnostics = this.diagnostics;
    return snap;
  }
}

interface Sink {
  ctx: NormalizeContext;
  object(o: RbacObject): void;
  tokenSecret(t: ServiceAccountTokenSecret): void;
  skipped(kind: string): void;
}

function isList(v: unknown): v is { items: unknown[] } {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const o = v as Record<string, unknown>;
  return typeof o.kind === 'string' && o.kind.endsWith('List') && Array.isArray(o.items);
}
