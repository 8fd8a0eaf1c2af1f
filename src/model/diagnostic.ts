// Problems found in the input. They never stop an answer: RBAC only adds permissions, so an
// answer computed without a broken object is still correct for everything else (as in
// Kubernetes' rule resolver, which keeps going after a dangling roleRef).
import type { SourceRef } from './rbac.js';

export type Severity = 'error' | 'warning' | 'info';

export interface Diagnostic {
  severity: Severity;
  /** Stable machine-readable code, documented in docs/diagnostics.md. */
  code: string;
  message: string;
  source?: SourceRef;
}

/**
 * Diagnostics that change what every answer means, not just what one object is: an input with no
 * RBAC at all, rules that depend on the aggregation controller's history, a live read that is
 * missing lists. -q never hides them (a warning among them still prints; an info never does).
 */
export const ANSWER_CHANGING_CODES: ReadonlySet<string> = new Set([
  'no-rbac-objects',
  'aggregation-history',
  'namespace-limited',
  'list-forbidden',
  'list-failed',
  'list-expired',
  'list-not-a-list',
  'list-continue-loop',
  'list-too-long',
  'list-too-large',
]);

export function describeSource(src: SourceRef | undefined): string {
  if (!src) return '';
  switch (src.type) {
    case 'file':
      return `${src.file}#${src.doc}${src.item !== undefined ? `.items[${src.item}]` : ''}${src.line !== undefined ? ` (line ${src.line})` : ''}`;
    case 'cluster':
      return src.call;
    case 'builtin':
      return src.version ? `(Kubernetes ${src.version} default policy)` : '(built-in)';
  }
}
