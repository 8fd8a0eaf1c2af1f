// Baselines for `rbac paths --baseline FILE`: which of today's paths a previous `-o json` output
// already held. A path is identified by its source, its target and its steps as (edge kind, node)
// pairs, so the order of paths in the file, its whitespace and the wording of `via` texts do not
// matter, while a different route (a new binding on the way) is a new path.
import { InputError } from '../errors.js';
import type { EscalationPath } from './paths.js';

export function pathIdentity(p: { source: string; target: string; steps: { kind: string; to: string }[] }): string {
  return JSON.stringify([p.source, p.target, ...p.steps.map((s) => [s.kind, s.to])]);
}

/** The identities of the paths in a previous `rbac paths -o json` output; `file` names it in errors. */
export function readBaseline(text: string, file: string): Set<string> {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    throw new InputError(`${file}: not JSON (${(err as Error).message}); expected the output of \`rbac paths -o json\``);
  }
  const paths = (doc as { paths?: unknown })?.paths;
  if (!Array.isArray(paths)) throw new InputError(`${file}: no "paths" list; expected the output of \`rbac paths -o json\``);
  const out = new Set<string>();
  paths.forEach((p, i) => {
    const ok = typeof p?.source === 'string' && typeof p?.target === 'string' && Array.isArray(p?.steps) && p.steps.every((s: unknown) => typeof (s as { kind?: unknown })?.kind === 'string' && typeof (s as { to?: unknown })?.to === 'string');
    if (!ok) throw new InputError(`${file}: paths[${i}] needs source, target and steps of {kind, to}; expected the output of \`rbac paths -o json\``);
    out.add(pathIdentity(p));
  });
  return out;
}

/** The paths the baseline does not hold. */
export function newPaths(paths: EscalationPath[], baseline: Set<string>): EscalationPath[] {
  return paths.filter((p) => !baseline.has(pathIdentity({ source: p.source, target: p.target, steps: p.steps.map((s) => ({ kind: s.edge.kind, to: s.to })) })));
}
