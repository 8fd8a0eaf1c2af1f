// A small log-log line chart as SVG, for docs/benchmarks.md: how each figure grows with the
// number of objects, against a dashed "linear" guide.
export interface Series {
  name: string;
  points: [size: number, value: number][];
}

const COLORS = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#8c564b', '#17becf'];
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function growthSvg(series: Series[], title: string): string {
  const W = 760;
  const H = 420;
  const L = 70;
  const R = 250;
  const T = 40;
  const B = 50;
  const all = series.flatMap((s) => s.points).filter(([x, y]) => x > 0 && y > 0);
  if (all.length === 0) return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="80"><text x="10" y="40">no data</text></svg>`;
  const [x0, x1] = [Math.min(...all.map((p) => p[0])), Math.max(...all.map((p) => p[0]))];
  // Normalise each series to its value at the smallest size, so all share one axis: growth factor.
  const norm = series.map((s) => {
    const base = s.points.find((p) => p[0] === Math.min(...s.points.map((q) => q[0])))?.[1] ?? 1;
    return { name: s.name, points: s.points.filter((p) => p[1] > 0).map(([x, y]) => [x, y / base] as [number, number]) };
  });
  const ys = norm.flatMap((s) => s.points.map((p) => p[1]));
  const y1 = Math.max(x1 / x0, ...ys) * 1.2;
  const lx = (x: number) => L + ((Math.log(x) - Math.log(x0)) / (Math.log(x1) - Math.log(x0) || 1)) * (W - L - R);
  const ly = (y: number) => H - B - (Math.log(Math.max(y, 0.5)) - Math.log(0.5)) / (Math.log(y1) - Math.log(0.5)) * (H - T - B);
  const out: string[] = [`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" font-family="sans-serif" font-size="12">`, `<rect width="${W}" height="${H}" fill="white"/>`, `<text x="${L}" y="22" font-size="14" font-weight="bold">${esc(title)}</text>`];
  for (const x of [...new Set(all.map((p) => p[0]))]) out.push(`<line x1="${lx(x)}" y1="${T}" x2="${lx(x)}" y2="${H - B}" stroke="#ddd"/><text x="${lx(x)}" y="${H - B + 18}" text-anchor="middle">${x >= 1000 ? `${x / 1000}k` : x} objects</text>`);
  for (let y = 1; y <= y1; y *= 10) out.push(`<line x1="${L}" y1="${ly(y)}" x2="${W - R}" y2="${ly(y)}" stroke="#eee"/><text x="${L - 6}" y="${ly(y) + 4}" text-anchor="end">×${y}</text>`);
  out.push(`<text x="16" y="${T + (H - T - B) / 2}" transform="rotate(-90 16 ${T + (H - T - B) / 2})" text-anchor="middle">growth vs the smallest size (log)</text>`);
  out.push(`<line x1="${lx(x0)}" y1="${ly(1)}" x2="${lx(x1)}" y2="${ly(x1 / x0)}" stroke="#999" stroke-dasharray="6 4"/>`);
  out.push(`<text x="${W - R + 10}" y="${T + 6}" fill="#666">- - linear (×objects)</text>`);
  norm.forEach((s, i) => {
    const c = COLORS[i % COLORS.length]!;
    const d = s.points.map(([x, y], j) => `${j ? 'L' : 'M'}${lx(x).toFixed(1)},${ly(y).toFixed(1)}`).join(' ');
    out.push(`<path d="${d}" fill="none" stroke="${c}" stroke-width="2"/>`);
    for (const [x, y] of s.points) out.push(`<circle cx="${lx(x).toFixed(1)}" cy="${ly(y).toFixed(1)}" r="3" fill="${c}"/>`);
    out.push(`<text x="${W - R + 10}" y="${T + 26 + i * 18}" fill="${c}">${esc(s.name)}</text>`);
  });
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}
