// Port of k8s.io/apimachinery pkg/apis/meta/v1/helpers.go : LabelSelectorAsSelector, with the
// matching of pkg/labels/selector.go. matchLabels and matchExpressions are AND'ed; an empty
// selector selects everything; NotIn and DoesNotExist also select objects without the label.
// @kubernetes/client-node has no selector evaluator, so this small one lives here.
import type { LabelSelector } from '../model/rbac.js';

export type SelectorResult = { ok: true; matches: (labels: Record<string, string>) => boolean } | { ok: false; error: string };

// labels.NewRequirement validates every key (a qualified name) and every In/NotIn/= value.
const NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

function keyError(key: string): string | undefined {
  const slash = key.lastIndexOf('/');
  const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  if (prefix !== undefined && (prefix.length === 0 || prefix.length > 253 || !DNS_SUBDOMAIN.test(prefix) || prefix.includes('/'))) return `label key "${key}": the prefix must be a DNS subdomain`;
  if (name.length === 0 || name.length > 63 || !NAME.test(name)) return `label key "${key}" is not a valid label name`;
  return undefined;
}

function valueError(key: string, value: string): string | undefined {
  return value.length > 63 || (value !== '' && !NAME.test(value)) ? `label key "${key}": "${value}" is not a valid label value` : undefined;
}

export function compileSelector(sel: LabelSelector | null): SelectorResult {
  if (sel === null) return { ok: false, error: 'a selector is not a map' };
  const tests: ((labels: Record<string, string>) => boolean)[] = [];
  for (const [k, v] of Object.entries(sel.matchLabels)) {
    const error = keyError(k) ?? valueError(k, v);
    if (error) return { ok: false, error: `matchLabels ${error}` };
    tests.push((l) => Object.hasOwn(l, k) && l[k] === v);
  }
  for (const req of sel.matchExpressions) {
    const { key, values } = req;
    if (['In', 'NotIn', 'Exists', 'DoesNotExist'].includes(req.operator)) {
      const error = keyError(key) ?? values.map((v) => valueError(key, v)).find((e) => e);
      if (error) return { ok: false, error: `matchExpressions ${error}` };
    }
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
