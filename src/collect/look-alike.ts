// Subjects that print alike but are different to Kubernetes: `alice`, `ali\u200bce`, `alice\u2060`
// and `\u202ealice` are four users. Text output shows the hidden characters escaped; this names
// each set of look-alikes once, so a reviewer knows the escape is not noise.
import type { Diagnostic } from '../model/diagnostic.js';
import type { Snapshot } from '../model/snapshot.js';

/** Zero-width, bidi and other invisible format characters (and the soft hyphen). */
const PRINTABLE_ASCII = /^[\u0020-\u007e]*$/;
const INVISIBLE = /[\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/g;

export function lookAlikeSubjects(snap: Pick<Snapshot, 'roleBindings' | 'clusterRoleBindings'>): Diagnostic[] {
  const groups = new Map<string, Set<string>>();
  const shownOf = (kind: string, namespace: string | undefined, name: string) => `${kind} ${namespace ? `${namespace}/` : ''}${name}`;
  // Only a name outside printable ASCII can hide or look like another: find those first (rare),
  // then file the plain names they could be mistaken for. NFKC runs on the few, not on every subject.
  for (const list of [snap.roleBindings, snap.clusterRoleBindings]) {
    for (const b of list) {
      for (const s of b.subjects) {
        // Parts in printable ASCII make a shown text in printable ASCII: no string per subject.
        if (PRINTABLE_ASCII.test(s.name) && (!s.namespace || PRINTABLE_ASCII.test(s.namespace)) && PRINTABLE_ASCII.test(s.kind)) continue;
        const shown = shownOf(s.kind, s.namespace, s.name);
        const plain = shown.replace(INVISIBLE, '').normalize('NFKC');
        const set = groups.get(plain) ?? groups.set(plain, new Set()).get(plain)!;
        set.add(shown);
      }
    }
  }
  if (groups.size === 0) return [];
  for (const list of [snap.roleBindings, snap.clusterRoleBindings]) {
    for (const b of list) {
      for (const s of b.subjects) {
        const shown = shownOf(s.kind, s.namespace, s.name);
        if (PRINTABLE_ASCII.test(shown)) groups.get(shown)?.add(shown);
      }
    }
  }
  const out: Diagnostic[] = [];
  for (const [plain, names] of groups) {
    if (names.size < 2 && !Array.from(names).some((n) => n !== plain)) continue;
    const escaped = Array.from(names).sort().map(escape);
    out.push({
      severity: 'warning',
      code: 'look-alike-subjects',
      message: names.size > 1
        ? `${escaped.join(', ')} look alike (invisible or bidi characters) but are ${names.size} different subjects to Kubernetes`
        : `${escaped[0]} holds invisible or bidi characters: it looks like ${escape(plain)} but is a different subject to Kubernetes`,
    });
  }
  return out;
}

function escape(s: string): string {
  return s.replace(/[^\u0020-\u007e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
