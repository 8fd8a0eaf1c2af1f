// The diagnostics that describe what a manifest input held as a whole: files that are not
// Kubernetes objects, Helm charts and kustomizations that need rendering first, and an input
// with no RBAC object at all. Built from counts, so other inputs (a built-in default policy)
// can extend the wording in one place.
import { compareStrings } from '../model/compare.js';
import type { Diagnostic } from '../model/diagnostic.js';

export interface InputCounts {
  files: number;
  /** What was named to read (files, folders, - for stdin). */
  inputs: readonly string[];
  documents: number;
  /** Objects of kinds that carry no RBAC, by kind. */
  skippedKinds: ReadonlyMap<string, number>;
  /** Workloads kept (they run pods, but grant nothing), by kind. */
  workloadKinds?: ReadonlyMap<string, number>;
  /** Files in a folder or tree that hold no Kubernetes object (package.json, values.yaml, CI files). */
  notKubernetes: readonly string[];
  /** Files with {{ }} that do not parse: templates, not manifests. */
  templates: readonly string[];
  charts: readonly { dir: string; templates: number }[];
  kustomizations: readonly string[];
  /** Role, ClusterRole, RoleBinding and ClusterRoleBinding objects read. */
  rbacObjects: number;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
const are = (n: number) => (n === 1 ? 'is' : 'are');

/** At most `max` names, then "and N more". */
export function listSome(names: readonly string[], max = 5): string {
  const shown = names.slice(0, max).join(', ');
  return names.length > max ? `${shown} and ${names.length - max} more` : shown;
}

export function kindCounts(kinds: ReadonlyMap<string, number>): string {
  return [...kinds.entries()].sort((a, b) => b[1] - a[1] || compareStrings(a[0], b[0])).map(([k, n]) => `${k} x${n}`).join(', ');
}

export function inputSummary(c: InputCounts): Diagnostic[] {
  const out: Diagnostic[] = [];
  if (c.notKubernetes.length > 0) {
    out.push({ severity: 'info', code: 'not-kubernetes', message: `skipped ${plural(c.notKubernetes.length, 'file')} that ${are(c.notKubernetes.length)} not Kubernetes objects (no kind): ${listSome(c.notKubernetes)}` });
  }
  if (c.charts.length > 0) {
    const first = c.charts[0]!.dir;
    const unread = c.charts.reduce((n, ch) => n + ch.templates, 0);
    out.push({ severity: 'warning', code: 'helm-chart', message: `${c.charts.length === 1 ? `${first} is a Helm chart` : `${plural(c.charts.length, 'Helm chart')} (${listSome(c.charts.map((ch) => ch.dir))})`}: ${c.charts.length === 1 ? 'its' : 'their'} ${plural(unread, 'template')} ${are(unread)} not read, as templates are manifests only once rendered; render it and pipe it in: helm template RELEASE ${first} | rbac ... -f -` });
  }
  if (c.kustomizations.length > 0) {
    const first = c.kustomizations[0]!;
    out.push({ severity: 'warning', code: 'kustomization', message: `${c.kustomizations.length === 1 ? `${first} is a kustomization` : `${plural(c.kustomizations.length, 'kustomization')} (${listSome(c.kustomizations)})`}: ${c.kustomizations.length === 1 ? 'its' : 'their'} files are read as written, without its namespace, name prefixes, patches or generators; for what kustomize applies: kubectl kustomize ${first} | rbac ... -f -` });
  }
  if (c.templates.length > 0) {
    out.push({ severity: 'warning', code: 'unrendered-template', message: `${plural(c.templates.length, 'file')} with {{ }} placeholders could not be parsed and ${c.templates.length === 1 ? 'was' : 'were'} not read (templates are manifests only once rendered): ${listSome(c.templates)}` });
  }
  if (c.rbacObjects === 0) out.push(noRbacObjects(c));
  return out;
}

/** The warning for an input without a single Role, ClusterRole or binding: every answer would be empty. */
export function noRbacObjects(c: InputCounts): Diagnostic {
  const read = `read ${c.inputs.length ? `${listSome(c.inputs.map((i) => (i === '-' ? 'stdin' : i)), 3)}: ` : ''}${plural(c.files, 'file')} with ${plural(c.documents, 'document')}`;
  const skipped = [c.workloadKinds && c.workloadKinds.size > 0 ? `workloads ${kindCounts(c.workloadKinds)} (they run pods but grant nothing)` : '', c.skippedKinds.size > 0 ? `skipped ${kindCounts(c.skippedKinds)}` : '', c.notKubernetes.length > 0 ? `${plural(c.notKubernetes.length, 'file')} that ${c.notKubernetes.length === 1 ? 'is not a Kubernetes object' : 'are not Kubernetes objects'}` : ''].filter(Boolean).join('; ');
  return { severity: 'warning', code: 'no-rbac-objects', message: `the input has no RBAC objects (Role, ClusterRole, RoleBinding, ClusterRoleBinding): ${read}${skipped ? `; ${skipped}` : ''}` };
}
