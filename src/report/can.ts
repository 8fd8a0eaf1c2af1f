// can: yes/no with the path that grants it, like `kubectl auth can-i` but with the reason.
import { describeSource } from '../model/diagnostic.js';
import { describeRequest, type Request, type UserInfo } from '../model/request.js';
import type { Decision } from '../model/results.js';
import { GRANT_COLUMNS, grantCells, mastersCells, toCsv } from './csv.js';
import { defaultPolicyFootnote, grantReason, grantRefs, userText } from './describe.js';
import { paint, PLAIN_DISPLAY, yesNoHue, type Display } from './display.js';
import { structured, type OutputFormat } from './format.js';
import { grantJson } from './json.js';
import { wrapLines } from './table.js';
import { requestJson } from './who-can.js';

/** CSV: a row per allowing grant (the system:masters row when it decided), or one empty row, then allowed yes/no. */
export const CAN_COLUMNS = [...GRANT_COLUMNS, 'allowed'] as const;

export function formatCan(user: UserInfo, request: Request, d: Decision, format: OutputFormat, notes: string[], display: Display = PLAIN_DISPLAY): string {
  switch (format) {
    case 'json':
    case 'yaml':
      return structured({ user, request: requestJson({ request }), allowed: d.allowed, privileged: d.privileged, grants: d.grants.map((g) => ({ subject: g.subject, ...grantJson(g) })), notes: [...notes, ...d.notes] }, format);
    case 'csv': {
      const rows = [...(d.privileged ? [mastersCells()] : []), ...d.grants.map((g) => grantCells(g))];
      if (rows.length === 0) rows.push(GRANT_COLUMNS.map(() => ''));
      return toCsv(CAN_COLUMNS, rows.map((r) => [...r, d.allowed ? 'yes' : 'no']));
    }
    case 'table':
    case 'wide': {
      const lines: string[] = [];
      if (d.privileged) lines.push(`  ${user.name} is in system:masters: the API server allows every request before RBAC is asked.`);
      for (const g of d.grants) {
        lines.push(`  allowed by ${grantReason(g)}`);
        if (format === 'wide' && g.bindingSource) lines.push(`    binding read from ${describeSource(g.bindingSource)}`);
      }
      if (!d.allowed) lines.push(`  no RBAC rule allows ${describeRequest(request)} for ${userText(user)}. RBAC only: the Node authorizer or a webhook could still allow it.`);
      const foot = defaultPolicyFootnote(grantRefs(d.grants));
      if (foot) lines.push(`  ${foot}`);
      return `${[paint(display, yesNoHue(d.allowed), d.allowed ? 'yes' : 'no'), ...wrapLines(lines, display)].join('\n')}\n`;
    }
  }
}
