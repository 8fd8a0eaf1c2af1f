// One string order everywhere output is sorted: code units, so the order never depends on the
// machine's locale.
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
