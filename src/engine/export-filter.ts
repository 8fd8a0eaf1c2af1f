// export --resource: the resource read as who-can reads it (short names, RESOURCE.GROUP,
// /subresource, /url: request-spec.ts), and a row kept when the authorizer's own matcher says its
// permission covers that resource (any verb, any object name).
import type { PolicyRule } from '../model/rbac.js';
import type { Request } from '../model/request.js';
import { ruleAllows } from '../semantics/rule-matches.js';
import type { Atom } from './export.js';
import { resolveRequest } from './request-spec.js';
import type { ResourceCatalogue } from './resource-catalogue.js';

export interface ResourceFilter {
  /** The resource name export's generator pre-filters on (rows of it, or of "*"). */
  resource?: string;
  /** Asked of a rule's atoms (a row is one: it works on rows too). */
  keep(atom: Atom): boolean;
  /** How the text was read ("secret" is secrets, ...), as who-can says it. */
  notes: string[];
}

function atomRule(r: Atom): PolicyRule {
  if (r.nonResourceURL) return { verbs: [r.verb], apiGroups: [], resources: [], resourceNames: [], nonResourceURLs: [r.nonResourceURL] };
  return { verbs: [r.verb], apiGroups: [r.apiGroup], resources: [r.subresource ? `${r.resource}/${r.subresource}` : r.resource], resourceNames: [], nonResourceURLs: [] };
}

export function resourceFilter(text: string, catalogue: ResourceCatalogue): ResourceFilter {
  const resolved = resolveRequest({ verb: 'get', resource: text }, catalogue);
  const req: Request = resolved.request.kind === 'resource' ? { ...resolved.request, name: '' } : resolved.request;
  return {
    ...(req.kind === 'resource' ? { resource: req.resource } : {}),
    keep: (row) => ruleAllows(atomRule(row), { ...req, verb: row.verb }),
    notes: resolved.notes.filter((n) => !n.startsWith('verbs are case-sensitive')),
  };
}
