// What a finding is, independent of array positions and of runs: one permission per matched
// request (check, who, scope, request, names). A permission is covered by an earlier one of the
// same check and who when the scope is the same or the earlier one was cluster-wide (a
// cluster-wide grant holds in every namespace) and it was open or allowed every name this one
// names. Diff risk and audit baselines both judge "new" with this, so a narrowing is never a gain.
import { keyOfSubject } from '../model/keys.js';
import type { Request } from '../model/request.js';
import type { Subject } from '../model/rbac.js';
import type { ObjectRef } from '../model/results.js';

/** The parts of a finding that say what it is (a Finding, or one read back from JSON). */
export interface FindingShape {
  check: string;
  subject?: Subject;
  object?: ObjectRef;
  scope: string;
  matched: string[];
  matches?: { label: string; request?: Request; restrictedTo?: string[] }[];
}

export interface FindingPermission {
  check: string;
  /** The subject and/or object the finding is about, as keys. */
  who: string;
  scope: string;
  /** The request in words without names ("patch configmaps"); "" for structural findings. */
  permission: string;
  request?: Request;
  /** Set when only these object names are allowed. */
  names?: string[];
}

const objectKey = (o: ObjectRef) => `${o.kind.toLowerCase()}:${o.namespace ? `${o.namespace}/` : ''}${o.name}`;

export function findingWho(f: FindingShape): string {
  return [f.subject ? keyOfSubject(f.subject) : '', f.object ? objectKey(f.object) : ''].filter(Boolean).join(' ');
}

/** One entry per matched request; a structural finding (no requests) is one entry about its object. */
export function findingPermissions(f: FindingShape): FindingPermission[] {
  const base = { check: f.check, who: findingWho(f), scope: f.scope };
  if (!f.matches?.length) return [{ ...base, permission: '' }];
  return f.matches.map((m) => ({ ...base, permission: m.label, ...(m.request ? { request: m.request } : {}), ...(m.restrictedTo ? { names: m.restrictedTo } : {}) }));
}

export function permissionCovers(before: FindingPermission, now: FindingPermission): boolean {
  if (before.check !== now.check || before.who !== now.who || before.permission !== now.permission) return false;
  if (before.scope !== now.scope && !(before.scope === '' && now.permission !== '')) return false;
  return !before.names || (!!now.names && now.names.every((n) => before.names!.includes(n)));
}

/** Indexes earlier permissions by check and who, for covered() lookups. */
export class PermissionIndex {
  private readonly byWho = new Map<string, FindingPermission[]>();

  constructor(findings: readonly FindingShape[]) {
    for (const f of findings) {
      for (const p of findingPermissions(f)) {
        const k = `${p.check}\u0000${p.who}`;
        const list = this.byWho.get(k);
        if (list) list.push(p);
        else this.byWho.set(k, [p]);
      }
    }
  }

  covered(p: FindingPermission): boolean {
    return (this.byWho.get(`${p.check}\u0000${p.who}`) ?? []).some((b) => permissionCovers(b, p));
  }

  /** Whether every permission of the finding was already there. */
  coversFinding(f: FindingShape): boolean {
    return findingPermissions(f).every((p) => this.covered(p));
  }
}
