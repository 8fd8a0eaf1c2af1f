// What the page's who-can and what-can boxes answer: the typed line read as the CLI reads its
// arguments (engine/query-text.ts), then the library's own resolveRequest / whoCan / whatCan / hints, with the notes
// the CLI prints (src/cli/commands/who-can.ts, what-can.ts). Pure: the page and the tests run it.
import type { Analysis } from '../../../engine/analyze.js';
import { parseIdentityText, parseRequestText, type IdentityText } from '../../../engine/query-text.js';
import { userInfoFor } from '../../../engine/subject-spec.js';
import type { Grant, WhatCanResult, WhoCanResult } from '../../../model/results.js';
import { compareGrants, compareSubjects } from '../../json.js';

export interface WhoCanAnswer {
  result: WhoCanResult;
  /** Grants by subject (Groups, Users, ServiceAccounts), then as the CLI orders them. */
  grants: Grant[];
  /** Distinct subjects, counting system:masters. */
  subjects: number;
  notes: string[];
}

export function answerWhoCan(a: Analysis, text: string): WhoCanAnswer {
  const resolved = a.resolve(parseRequestText(text));
  const result = a.whoCan(resolved.request, { allNamespaces: resolved.allNamespaces });
  const notes = [...resolved.notes, ...a.hints({ request: resolved.request })];
  const grants = [...result.grants].sort((x, y) => compareSubjects(x.subject, y.subject) || compareGrants(x, y));
  const names = new Set(grants.map((g) => `${g.subject.kind}\u0000${g.subject.namespace ?? ''}\u0000${g.subject.name}`));
  names.add('Group\u0000\u0000system:masters');
  return { result, grants, subjects: names.size, notes };
}

export interface WhatCanAnswer {
  identity: IdentityText;
  result: WhatCanResult;
  notes: string[];
}

export function answerWhatCan(a: Analysis, text: string): WhatCanAnswer {
  const identity = parseIdentityText(text);
  const user = userInfoFor(identity.subject, identity.groups);
  const notes = a.hints({ subject: identity.subject, groups: identity.groups, ...(identity.namespace ? { namespace: identity.namespace } : {}) });
  const result = a.whatCan(user, identity.namespace !== undefined ? { namespace: identity.namespace } : {});
  result.grants.sort(compareGrants);
  result.ineffective.sort(compareGrants);
  return { identity, result, notes };
}
