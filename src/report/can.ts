// can: yes/no with the path that grants it, like `kubectl auth can-i` but with the reason.
import { describeRequest, type Request, type UserInfo } from '../model/request.js';
import type { Decision } from '../model/results.js';
import { defaultPolicyFootnote, grantReason, grantRefs } from './describe.js';
import { structured, type OutputFormat } from './format.js';
import { grantJson } from './json.js';
import { requestJson } from './who-can.js';
import { toCsv } from './csv.js';

export function formatCan(user: UserInfo, request: Request, d: Decision, format: OutputFormat, notes: string[]): string {
  switch (format) {
    case 'json':
    case 'yaml':
      return structured({ user, request: requestJson({ request }), allowed: d.allowed, privileged: d.privileged, grants: d.grants.map((g) => ({ subject: g.subject, ...grantJson(g) })), notes: [...notes, ...d.notes] }, format);
    case 'csv':
      return toCsv(['allowed', 'reason'], [[d.allowed ? 'yes' : 'no', d.privileged ? 'system:masters' : d.grants[0] ? grantReason(d.grants[0]) : '']]);
    case 'table': {
      const lines = [d.allowed ? 'yes' : 'no'];
      if (d.privileged) lines.push(`  ${user.name} is in system:masters: the API server allows every request before RBAC is asked.`);
      for (const g of d.grants) lines.push(`  allowed by ${grantReason(g)}`);
      if (!d.allowed) lines.push(`  no RBAC rule allows ${describeRequest(request)} for ${user.name} (groups: ${user.groups.join(', ')}). RBAC only: the Node authorizer or a webhook could still allow it.`);
      const foot = defaultPolicyFootnote(grantRefs(d.grants));
      if (foot) lines.push(`  ${foot}`);
      return `${lines.join('\n')}\n`;
    }
  }
}
