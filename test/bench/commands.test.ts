// The pure parts of `npm run bench:commands`: the diff head world, the met / not met rule and the
// tables. No timing is asserted: the samples here are made up.
import { describe, expect, test } from 'vitest';
import { baselineTable, commandTable, diffHead, medianSample, ratioOf, verdict, type Sample } from '../../src/bench/commands-table.js';
import { generateWorld } from '../../src/bench/generate.js';

const s = (wallS: number, rssKiB: number): Sample => ({ wallS, rssKiB });

describe('verdict', () => {
  test.each([
    { ratios: [2, 2], want: 'met' },
    { ratios: [1.5, 0.5], want: 'met' },
    { ratios: [2.01, 1], want: 'not met (time)' },
    { ratios: [1, 3], want: 'not met (RSS)' },
    { ratios: [3, 3], want: 'not met (time, RSS)' },
    { ratios: [undefined, 1], want: 'not met (did not finish)' },
  ])('ratios $ratios against 2x -> $want', ({ ratios, want }) => {
    expect(verdict(ratios, 2, ['time', 'RSS'])).toBe(want);
  });
});

describe('ratioOf', () => {
  test('divides by the reference, and is undefined when either did not finish', () => {
    expect(ratioOf(s(3, 200), s(1.5, 100), 'wallS')).toBe(2);
    expect(ratioOf(s(3, 200), s(1.5, 100), 'rssKiB')).toBe(2);
    expect(ratioOf({ wallS: NaN, rssKiB: NaN, timedOut: true }, s(1, 1), 'wallS')).toBeUndefined();
    expect(ratioOf(s(1, 1), { wallS: NaN, rssKiB: NaN, error: 'exit 2' }, 'wallS')).toBeUndefined();
  });
});

describe('commandTable', () => {
  test('marks the first row as the reference, a timeout as "> 180 s", and each row met / not met', () => {
    const table = commandTable(
      [
        { label: 'ref', sample: s(2, 102400) },
        { label: 'fast', sample: s(3, 153600) },
        { label: 'slow', sample: s(5, 102400) },
        { label: 'stuck', sample: { wallS: NaN, rssKiB: NaN, timedOut: true } },
      ],
      180,
    );
    const rows = table.split('\n').slice(2);
    expect(rows[0]).toBe('| ref | 2.00 | 1.00x | 100 | 1.00x | reference |');
    expect(rows[1]).toBe('| fast | 3.00 | 1.50x | 150 | 1.50x | met |');
    expect(rows[2]).toBe('| slow | 5.00 | 2.50x | 100 | 1.00x | not met (time) |');
    expect(rows[3]).toBe('| stuck | > 180 s | n/a | n/a | n/a | not met (did not finish) |');
  });

  test.each([
    { met: true, rssKiB: 153600, want: 'met (per row, RSS)' },
    { met: false, rssKiB: 153600, want: 'not met (per row)' },
    { met: true, rssKiB: 307200, want: 'not met (RSS)' },
  ])('a row with a time target of its own (export, per row: $met) and RSS $rssKiB KiB -> $want, whatever its time', ({ met, rssKiB, want }) => {
    const table = commandTable([{ label: 'ref', sample: s(2, 102400) }, { label: 'export', sample: s(20, rssKiB), ownTime: { met, text: 'per row' } }], 180);
    expect(table.split('\n')[3]!.split(' | ').at(-1)).toBe(`${want} |`);
  });
});

describe('baselineTable', () => {
  test('states each row against the baseline and the given target', () => {
    const table = baselineTable({ label: 'node -e 0', sample: s(0.1, 40960) }, [{ label: 'small', sample: s(0.3, 51200) }], 180, 2.5);
    expect(table.split('\n').slice(2)).toEqual(['| node -e 0 | 0.100 | 1.00x | 40 | baseline |', '| small | 0.300 | 3.00x | 50 | not met |']);
  });
});

describe('medianSample', () => {
  test('takes the median by wall time, and a failed run wins', () => {
    expect(medianSample([s(3, 1), s(1, 2), s(2, 3)])).toEqual(s(2, 3));
    expect(medianSample([s(1, 2), s(3, 4)])).toEqual(s(2, 3));
    expect(medianSample([s(1, 2), { wallS: NaN, rssKiB: NaN, timedOut: true }]).timedOut).toBe(true);
  });
});

describe('diffHead', () => {
  test('adds one User subject to exactly the first 5 RoleBindings and leaves the input alone', () => {
    const world = generateWorld({ objects: 1000, seed: 7 });
    const before = JSON.stringify(world);
    const head = diffHead(world, 5);
    expect(JSON.stringify(world)).toBe(before);
    const changed = head.filter((o, i) => o !== world[i]);
    expect(changed).toHaveLength(5);
    for (const o of changed) {
      expect(o.kind).toBe('RoleBinding');
      const subjects = o.subjects as { kind: string; name: string }[];
      expect(subjects.at(-1)?.kind).toBe('User');
    }
    expect(head).toHaveLength(world.length);
  });
});
