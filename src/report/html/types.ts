// The data an HTML report embeds (one JSON document in the page): the overview computed at build
// time (counts, every audit finding, paths to cluster-admin) and the snapshot the browser runs
// the library's analyze() on.
import type { AnalyzeOptions } from '../../engine/policy.js';
import type { PageSnapshot } from './page-snapshot.js';

export const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'];

/** [severity, check, title, who, scope, matched (joined), via, listed (0), excluded (1) or implied by a cluster-admin-equivalent finding (2)] */
export type FindingRow = [string, string, string, string, string, string, string, 0 | 1 | 2];

/** Rows with each text stored once (checks, titles, subjects and bindings repeat across thousands of findings). */
export interface PackedFindings {
  strings: string[];
  /** A FindingRow with each text as its index into `strings`. */
  rows: number[][];
}

export function packFindings(rows: FindingRow[]): PackedFindings {
  const strings: string[] = [];
  const index = new Map<string, number>();
  const id = (x: string) => {
    let i = index.get(x);
    if (i === undefined) index.set(x, (i = strings.push(x) - 1));
    return i;
  };
  return { strings, rows: rows.map((r) => [id(r[0]), id(r[1]), id(r[2]), id(r[3]), id(r[4]), id(r[5]), id(r[6]), r[7]]) };
}

export function unpackFindings(p: PackedFindings): FindingRow[] {
  return p.rows.map((r) => [...r.slice(0, 7).map((i) => p.strings[i]!), r[7]] as FindingRow);
}

export interface ReportPath {
  source: string;
  hops: number;
  chain: string;
}

export interface ReportOverview {
  title: string;
  generated: string;
  objects: Record<string, number>;
  subjects: Record<string, number>;
  findingsBySeverity: Record<string, number>;
  excludedFindings: number;
  /** Every finding, excluded ones marked, in the audit's order (riskiest first): packFindings. */
  findings: PackedFindings;
  audited: boolean;
  pathsToClusterAdmin: ReportPath[];
  pathCount: number;
  diagnostics: { severity: string; message: string }[];
  diagnosticCount: number;
}

export interface ReportData {
  overview: ReportOverview;
  snapshot: PageSnapshot;
  /** The options the CLI analysed with (aggregation mode, Kubernetes version). */
  options: AnalyzeOptions;
}
