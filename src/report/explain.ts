// explain: the granting paths, or the closest misses, in words.
import { describeSource } from '../model/diagnostic.js';
import { describeRequest, type Request, type UserInfo } from '../model/request.js';
import type { Explanation } from '../engine/explain.js';
import { defaultPolicyFootnote, grantRefs, refText, roleText, ruleText, scopeText, subjectText, userText } from './describe.js';
import { paint, PLAIN_DISPLAY, yesNoHue, type Display } from './display.js';
import { structured } from './format.js';
import { grantJson } from './json.js';
import { wrapLines } from './table.js';

export function formatExplain(user: UserInfo, req: Request, e: Explanation, format: 'table' | 'wide' | 'json' | 'yaml', notes: readonly string[] = [], display: Display = PLAIN_DISPLAY): string {
  if (format === 'json' || format === 'yaml') {
    return structured({ user, request: describeRequest(req), allowed: e.allowed, privileged: e.privileged, paths: e.grants.map(grantJson), nearMisses: e.nearMisses.map((m) => ({ kind: m.kind, message: m.message, ...(m.grant ? { grant: grantJson(m.grant) } : {}) })), notes }, format);
  }
  // Every line is already complete: -o wide is the same as the table.
  const verdict = paint(display, yesNoHue(e.allowed), e.allowed ? 'ALLOWED' : 'DENIED');
  const lines = [`${verdict}: ${userText(user)} ${describeRequest(req)}`];
  if (e.privileged) lines.push('  system:masters: the API server allows it before RBAC is asked.');
  e.grants.forEach((g, i) => {
    lines.push(`  path ${i + 1}: ${subjectText(g.subject)}`);
    lines.push(`    -> ${refText(g.binding)} (${scopeText(g.scope)})${g.bindingSource ? `  [${describeSource(g.bindingSource)}]` : ''}`);
    lines.push(`    -> ${roleText(g)}`);
    lines.push(`    -> rule #${g.ruleIndex}: ${ruleText(g.rule)}`);
  });
  if (!e.allowed) {
    if (e.nearMisses.length === 0) lines.push('  Nothing comes close: no binding that applies to this identity has a rule for this resource.');
    else {
      lines.push('  Closest misses:');
      for (const m of e.nearMisses) {
        lines.push(`  - [${m.kind}] ${m.message}`);
        if (m.grant) lines.push(`      via ${refText(m.grant.binding)} -> ${roleText(m.grant)} rule #${m.grant.ruleIndex}: ${ruleText(m.grant.rule)}`);
      }
    }
    lines.push('  RBAC only: the Node authorizer or a webhook could still allow it.');
  }
  const foot = defaultPolicyFootnote(grantRefs([...e.grants, ...e.nearMisses.flatMap((m) => (m.grant ? [m.grant] : []))]));
  if (foot) lines.push(`  ${foot}`);
  return `${wrapLines(lines, display).join('\n')}\n`;
}
