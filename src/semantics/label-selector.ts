// Port of k8s.io/apimachinery pkg/apis/meta/v1/helpers.go : LabelSelectorAsSelector, with the
// matching of pkg/labels/selector.go. matchLabels and matchExpressions are AND'ed; an empty
// selector selects everything; NotIn and DoesNotExist also select objects without the label.
// @kubernetes/client-node has no selector evaluator, so this small one lives here.
import type { LabelSelector } from '../model/rbac.js';

export type SelectorResult = { ok: true; matches: (labels: Record<string, string>) => boolean } | { ok: false; error: string };

export function compileSelector(sel: LabelSelector | null): SelectorResult {
  if (sel === null) return { ok: true, matches: () => false };
  const tests: ((labels: Record<string, string>) => boolean)[] = [];
  for (const [k, v] of Object.entries(sel.matchLabels)) {
    tests.push((l) => Object.hasOwn(l, k) && l[k] === v);
  }
  for (const req of sel.matchExpressions) {
    const { key, values } = req;
    switch (req.operator) {
      case 'In':
        if (values.length === 0) return { ok: false, error: `matchExpressions key "${key}": operator In needs values` };
        tests.push((l) => Object.hasOwn(l, key) && values.includes(l[key]!));
        break;
      case 'NotIn':
        if (values.length === 0) return { ok: false, error: `matchExpressions key "${key}": operator NotIn needs values` };
        tests.push((l) => !Object.hasOwn(l, key) || !values.includes(l[key]!));
        break;
      case 'Exists':
        if (values.length > 0) return { ok: false, error: `matchExpressions key "${key}": operator Exists takes no values` };
        tests.push((l) => Object.hasOwn(l, key));
        break;
      case 'DoesNotExist':
        if (values.length > 0) return { ok: false, error: `matchExpressions key "${key}": operator DoesNotExist takes no values` };
        tests.push((l) => !Object.hasOwn(l, key));
        break;
      default:
        return { ok: false, error: `matchExpressions key "${key}": "${req.operator}" is not a valid label selector operator` };
    }
  }
  return { ok: true, matches: (labels) => tests.every((t) => t(labels)) };
}
