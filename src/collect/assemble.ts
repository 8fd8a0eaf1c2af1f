// Decoded documents -> Snapshot, the way `kubectl apply -f` would see them: List items unpacked,
// namespaced objects without a namespace put in the default namespace, and a later definition of
// the same kind/namespace/name replacing the earlier one (with a warning naming both places).
import { describeSource, type Diagnostic } from '../model/diagnostic.js';
import type { RbacObject, SourceRef } from '../model/rbac.js';
import { emptySnapshot, type ServiceAccountTokenSecret, type Snapshot, type SnapshotMeta } from '../model/snapshot.js';
import type { Workload } from '../model/workload.js';
import { foldWorkloads } from './workloads.js';
import { decodeEachDocument, streamDocuments, type Decoded } from './decode.js';
import { inputSummary } from './input-summary.js';
import { lookAlikeSubjects } from './look-alike.js';
import { normalizeObject, type NormalizeContext } from './normalize.js';
import type { TreeLayout } from './repo-layout.js';

export interface AssembleOptions {
  defaultNamespace?: string;
}

/** Where a file came from: named with -f (or stdin), or found in a folder or git tree. */
export type FileOrigin = 'named' | 'folder';

export interface BuildOptions {
  /** Add the diagnostics about the input as a whole (not-kubernetes, helm-chart, no-rbac-objects, ...). */
  summary?: boolean;
}

export class SnapshotBuilder {
  private readonly objects = new Map<string, RbacObject>();
  private readonly tokenSecrets = new Map<string, ServiceAccountTokenSecret>();
  private readonly workloads = new Map<string, Workload>();
  private readonly skipped = new Map<string, number>();
  readonly diagnostics: Diagnostic[] = [];
  private readonly ctx: NormalizeContext;
  private readonly counts = { files: 0, documents: 0, notKubernetes: [] as string[], templates: [] as string[] };
  private layout: Pick<TreeLayout, 'charts' | 'kustomizations'> = { charts: [], kustomizations: [] };

  constructor(options: AssembleOptions = {}) {
    this.ctx = { defaultNamespace: options.defaultNamespace || 'default', diagnostics: this.diagnostics };
  }

  /** Charts and kustomizations found in a folder or tree (repo-layout.ts), for the input summary. */
  noteLayout(layout: TreeLayout): void {
    this.layout = { charts: [...this.layout.charts, ...layout.charts], kustomizations: [...this.layout.kustomizations, ...layout.kustomizations] };
    for (const r of layout.recipes) this.counts.notKubernetes.push(r);
  }

  /**
   * A file's text. Documents are normalised as they are parsed; when the fast parser gives up on
   * the file (a bad document, aliases), what it staged is dropped and every document is read on
   * its own, so the good documents of a broken file still count and nothing counts twice.
   */
  addText(file: string, text: string, origin: FileOrigin = 'named'): void {
    const stage = this.stage();
    const ok = streamDocuments(text, (value, doc, line) => stage.visit(value, { type: 'file', file, doc, ...(line !== undefined ? { line } : {}) }));
    if (!ok) return this.addDecoded(file, decodeEachDocument(text), origin, text);
    this.commit(file, stage, [], origin, text);
  }

  addDecoded(file: string, decoded: Decoded, origin: FileOrigin = 'named', text?: string): void {
    const stage = this.stage();
    for (const d of decoded.documents) stage.visit(d.value, { type: 'file', file, doc: d.doc, ...(d.line !== undefined ? { line: d.line } : {}) });
    for (const w of decoded.warnings ?? []) stage.diagnostics.push({ severity: 'warning', code: 'duplicate-key', message: `document ${w.doc}: ${w.message}`, source: { type: 'file', file, doc: w.doc, ...(w.line !== undefined ? { line: w.line } : {}) } });
    this.commit(file, stage, decoded.errors, origin, text);
  }

  private stage(): Stage {
    const stage: Stage = {
      objects: [],
      tokenSecrets: [],
      workloads: [],
      diagnostics: [],
      skipped: new Map(),
      documents: 0,
      kubernetes: 0,
      visit: (value, src) => {
        if (value === null || value === undefined) return;
        stage.documents++;
        if (looksKubernetes(value)) stage.kubernetes++;
        this.visit(value, src, 0, sink);
      },
    };
    const sink: Sink = { ctx: { defaultNamespace: this.ctx.defaultNamespace, diagnostics: stage.diagnostics }, object: (o) => stage.objects.push(o), tokenSecret: (t) => stage.tokenSecrets.push(t), workload: (w) => stage.workloads.push(w), skipped: (k) => stage.skipped.set(k, (stage.skipped.get(k) ?? 0) + 1) };
    return stage;
  }

  private commit(file: string, stage: Stage, errors: Decoded['errors'], origin: FileOrigin, text: string | undefined): void {
    this.counts.files++;
    this.counts.documents += stage.documents + errors.length;
    // A Helm or other template outside a chart: one summary line instead of an error per document.
    if (origin === 'folder' && errors.length > 0 && text?.includes('{{')) {
      this.counts.templates.push(file);
      return;
    }
    if (errors.length === 0 && stage.documents > 0 && stage.kubernetes === 0) {
      if (origin === 'folder') this.counts.notKubernetes.push(file);
      else this.diagnostics.push({ severity: 'warning', code: 'not-kubernetes', message: `not a Kubernetes manifest (no document has a kind); nothing was read from it${renderHint(file)}`, source: { type: 'file', file, doc: 1 } });
      return;
    }
    for (const e of errors) {
      this.diagnostics.push({ severity: 'error', code: 'yaml-syntax', message: `document ${e.doc} could not be parsed (${e.message}); the rest of the file is still read`, source: { type: 'file', file, doc: e.doc, ...(e.line !== undefined ? { line: e.line } : {}) } });
    }
    for (const d of stage.diagnostics) this.diagnostics.push(d);
    for (const [k, n] of stage.skipped) this.skipped.set(k, (this.skipped.get(k) ?? 0) + n);
    for (const o of stage.objects) this.add(o);
    for (const t of stage.tokenSecrets) this.addTokenSecret(t);
    for (const w of stage.workloads) this.addWorkload(w);
  }

  addValue(value: unknown, src: SourceRef, depth: number): void {
    this.visit(value, src, depth, { ctx: this.ctx, object: (o) => this.add(o), tokenSecret: (t) => this.addTokenSecret(t), workload: (w) => this.addWorkload(w), skipped: (k) => this.skipped.set(k, (this.skipped.get(k) ?? 0) + 1) });
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
    if (n.type === 'workload') sink.workload(n.workload);
  }

  /** A later definition of the same Secret replaces the earlier one, as for every object. */
  addTokenSecret(t: ServiceAccountTokenSecret): void {
    const key = `${t.namespace}/${t.name}`;
    this.tokenSecrets.delete(key);
    this.tokenSecrets.set(key, t);
  }

  /** A later definition of the same workload replaces the earlier one, with the duplicate warning. */
  addWorkload(w: Workload): void {
    const key = `${w.kind}/${w.namespace}/${w.name}`;
    const prev = this.workloads.get(key);
    if (prev) this.diagnostics.push({ severity: 'warning', code: 'duplicate-object', message: `${w.kind} ${w.namespace}/${w.name} is defined twice; the later definition (${describeSource(w.source)}) replaces the earlier one (${describeSource(prev.source)}), as kubectl apply would`, source: w.source });
    this.workloads.delete(key);
    this.workloads.set(key, w);
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

  build(meta: SnapshotMeta, options: BuildOptions = {}): Snapshot {
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
    if (this.workloads.size > 0) snap.workloads = foldWorkloads([...this.workloads.values()]);
    if (this.skipped.size > 0) {
      const total = [...this.skipped.values()].reduce((a, b) => a + b, 0);
      const kinds = [...this.skipped.entries()].sort((a, b) => b[1] - a[1]).map(([k, n]) => `${k}: ${n}`).join(', ');
      this.diagnostics.push({ severity: 'info', code: 'skipped-kinds', message: `skipped ${total} object(s) of kinds that carry no RBAC (${kinds})` });
    }
    for (const d of lookAlikeSubjects(snap)) this.diagnostics.push(d);
    if (options.summary) {
      const rbacObjects = snap.roles.length + snap.clusterRoles.length + snap.roleBindings.length + snap.clusterRoleBindings.length;
      const workloadKinds = new Map<string, number>();
      for (const w of this.workloads.values()) workloadKinds.set(w.kind, (workloadKinds.get(w.kind) ?? 0) + 1);
      for (const d of inputSummary({ ...this.counts, inputs: meta.inputs ?? [], ...this.layout, skippedKinds: this.skipped, workloadKinds, rbacObjects })) this.diagnostics.push(d);
    }
    snap.diagnostics = this.diagnostics;
    return snap;
  }
}

interface Stage {
  objects: RbacObject[];
  tokenSecrets: ServiceAccountTokenSecret[];
  workloads: Workload[];
  diagnostics: Diagnostic[];
  skipped: Map<string, number>;
  /** Documents that are not empty, and those among them that look like Kubernetes objects. */
  documents: number;
  kubernetes: number;
  visit(value: unknown, src: SourceRef): void;
}

// A document with a kind (kustomize's own Kustomization and Component are build recipes, not
// objects), or one that is plainly RBAC with its kind forgotten, which is reported, not skipped.
function looksKubernetes(v: unknown): boolean {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const o = v as Record<string, unknown>;
  if (typeof o.apiVersion === 'string' && o.apiVersion.startsWith('kustomize.config.k8s.io/')) return false;
  if (typeof o.kind === 'string' && o.kind !== '') return true;
  return 'rules' in o || 'roleRef' in o || 'subjects' in o || 'aggregationRule' in o;
}

function renderHint(file: string): string {
  const base = file.slice(Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\')) + 1);
  if (base === 'Chart.yaml' || base === 'values.yaml') return ' (part of a Helm chart? render it: helm template RELEASE CHART_DIR | rbac ... -f -)';
  if (/^kustomization\.ya?ml$|^Kustomization$/.test(base)) return ' (a kustomization: kubectl kustomize DIR | rbac ... -f -)';
  return '';
}

interface Sink {
  ctx: NormalizeContext;
  object(o: RbacObject): void;
  tokenSecret(t: ServiceAccountTokenSecret): void;
  workload(w: Workload): void;
  skipped(kind: string): void;
}

function isList(v: unknown): v is { items: unknown[] } {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const o = v as Record<string, unknown>;
  return typeof o.kind === 'string' && o.kind.endsWith('List') && Array.isArray(o.items);
}
