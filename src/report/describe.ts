// Short human phrases for model values, shared by every text reporter.
import type { PolicyRule, Subject } from '../model/rbac.js';
import type { Grant, ObjectRef } from '../model/results.js';

/**
 * A name as text output shows it: control characters (newline and tab included, which would forge
 * table rows or end a markdown cell), zero-width and bidi characters as \uXXXX, so `ali\u200bce`
 * and `alice` never print alike. Self-contained: the HTML report embeds it as it is.
 */
export function shownName(name: string): string {
  return name.replace(/[\u0000-\u001f\u007f-\u009f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/g, function (c) {
    return '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0');
  });
}

export function subjectText(s: Subject): string {
  if (s.kind === 'ServiceAccount') return `ServiceAccount ${s.namespace ? `${shownName(s.namespace)}/` : ''}${shownName(s.name)}`;
  return `${shownName(s.kind)} ${shownName(s.name)}`;
}

export const DEFAULT_MARK = '(default)';

/** "jane (groups: devs, system:authenticated)", or "(no groups)" for an identity impersonated with none. */
export function userText(user: { name: string; groups: readonly string[] }): string {
  return `${user.name} (${user.groups.length ? `groups: ${user.groups.join(', ')}` : 'no groups'})`;
}

// Embedded in the HTML report as source text: it may name only its parameters (so the mark is spelled out).
export function refText(r: ObjectRef): string {
  const text = r.namespace ? `${r.kind} ${shownName(r.namespace)}/${shownName(r.name)}` : `${r.kind} ${shownName(r.name)}`;
  return r.defaultPolicy ? `${text} (default)` : text;
}

/** The footnote a table ends with when a row rests on a built-in object; undefined when none does. */
export function defaultPolicyFootnote(refs: Iterable<ObjectRef>): string | undefined {
  const releases = new Set<string>();
  for (const r of refs) if (r.defaultPolicy) releases.add(r.defaultPolicy);
  if (releases.size === 0) return undefined;
  return `${DEFAULT_MARK} = from the Kubernetes ${[...releases].sort().join(', ')} default policy, not in your manifests.`;
}

/** The bindings and roles of grants, for defaultPolicyFootnote. */
export function grantRefs(grants: Iterable<Grant>): ObjectRef[] {
  const out: ObjectRef[] = [];
  for (const g of grants) out.push(g.binding, g.role);
  return out;
}

export function scopeText(scope: string): string {
  return scope === '' ? 'cluster-wide' : `namespace ${scope}`;
}

export function ruleText(rule: PolicyRule): string {
  const list = (xs: string[]) => (xs.length ? xs.join(',') : '-');
  if (rule.nonResourceURLs.length > 0 && rule.resources.length === 0) return `${list(rule.verbs)} ${list(rule.nonResourceURLs)}`;
  const groups = rule.apiGroups.map((g) => (g === '' ? 'core' : g));
  const names = rule.resourceNames.length ? ` [${rule.resourceNames.join(',')}]` : '';
  return `${list(rule.verbs)} ${list(rule.resources)}${names} (${list(groups)})`;
}

// Embedded in the HTML report as source text: it may name only its parameters and other embedded helpers.
export function roleText(g: Grant): string {
  const notes = [...(g.aggregatedFrom ? [`aggregated from ClusterRole ${g.aggregatedFrom}`] : []), ...(g.dependsOnHistory ? ['depends on controller history'] : [])];
  return notes.length ? `${refText(g.role)} (${notes.join('; ')})` : refText(g.role);
}

/** The authorizer's "allowed by" reason, in its own words. */
export function grantReason(g: Grant): string {
  return `${refText(g.binding)} of ${roleText(g)} to ${subjectText(g.subject)}, rule #${g.ruleIndex}: ${ruleText(g.rule)}`;
}
