// `rbac audit --baseline FILE`: which findings are new since a previous run. A finding is
// unchanged when every permission it holds (identity.ts: check, who, scope, request, names) was
// covered by a baseline finding; updated when the baseline had a finding of the same check, who
// and scope but this one holds more; new otherwise. Baseline findings with no current finding of
// the same check, who and scope are absent. Array positions and messages play no part.
import type { Finding } from './finding.js';
import { findingWho, PermissionIndex, type FindingShape } from './identity.js';

export type BaselineState = 'new' | 'updated' | 'unchanged';

export interface BaselineComparison {
  file: string;
  counts: Record<BaselineState | 'absent', number>;
  /** Baseline findings that no longer occur, as read. */
  absent: FindingShape[];
}

const keyOf = (f: FindingShape) => `${f.check}\u0000${findingWho(f)}\u0000${f.scope}`;

/** Sets baselineState on every finding (excluded ones too) and lists what disappeared. */
export function compareWithBaseline(findings: Finding[], baseline: readonly FindingShape[], file: string): BaselineComparison {
  const index = new PermissionIndex(baseline);
  const before = new Set(baseline.map(keyOf));
  const now = new Set<string>();
  const counts = { new: 0, updated: 0, unchanged: 0, absent: 0 };
  for (const f of findings) {
    const k = keyOf(f);
    now.add(k);
    f.baselineState = index.coversFinding(f) ? 'unchanged' : before.has(k) ? 'updated' : 'new';
    if (!f.excluded) counts[f.baselineState]++;
  }
  const absent = baseline.filter((b) => !now.has(keyOf(b)));
  counts.absent = absent.length;
  return { file, counts, absent };
}

/** What --baseline reports and fails on: findings that are not unchanged. */
export const isNewSinceBaseline = (f: Finding) => f.baselineState !== 'unchanged';
