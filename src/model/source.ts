// Where an object came from, asked the one way every layer asks it.
import type { SourceRef } from './rbac.js';

/** The default-policy release an object of the built-in policy comes from ("v1.28.7"); undefined for anything else. */
export function defaultPolicyRelease(source: SourceRef | undefined): string | undefined {
  return source?.type === 'builtin' ? source.version : undefined;
}
