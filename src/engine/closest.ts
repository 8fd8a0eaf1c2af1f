// "Did you mean": the closest of some candidate names to a word, by optimal-string-alignment
// distance (Levenshtein plus adjacent transpositions, the measure commander and git use for their
// suggestions), so "prdo" finds "prod" and "gett" finds "get".

/** Insertions, deletions, substitutions and swaps of two adjacent characters needed to turn a into b. */
export function editDistance(a: string, b: string): number {
  // d[i][j]: distance between the first i characters of a and the first j of b.
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[i - 2]![j - 2]! + 1);
      d[i]![j] = v;
    }
  }
  return d[a.length]![b.length]!;
}

/** A suggestion is at most this many edits away... */
const MAX_DISTANCE = 3;
/** ...and shares more than this fraction of the longer name, so "x" does not suggest "y". */
const MIN_SIMILARITY = 0.4;

/** The candidate closest to word, if one is close enough to be a likely typo; ties go to the first in code-point order. */
export function closestMatch(word: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = MAX_DISTANCE + 1;
  for (const c of candidates) {
    if (c === word) continue;
    const distance = editDistance(word, c);
    const length = Math.max(word.length, c.length);
    if ((length - distance) / length <= MIN_SIMILARITY) continue;
    if (distance < bestDistance || (distance === bestDistance && best !== undefined && c < best)) {
      best = c;
      bestDistance = distance;
    }
  }
  return best;
}
