// The installed CLI is a bundle (scripts/bundle.mjs). An internal error's stack trace is mapped
// back to src/ files and lines here, through the bundle's .map file, read only when such an
// error happens: turning Node's source maps on for every run cost ~15 ms of each start (it
// measures every loaded module's lines), a tenth of a small command.
import { readFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { CLI_SCRIPT, CLI_SCRIPT_NAME } from './bundle-layout.js';

// The bundle's frames carry its script name, not its path (bundle-layout.ts).
const FRAME = new RegExp(`(?<=[\\s(])${CLI_SCRIPT_NAME.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}:(\\d+):(\\d+)`, 'g');

/** `stack` with the frames of the CLI bundle (by default the one running this code) named by their src/ file and line. */
export function sourceMappedStack(stack: string, bundleFile = fileURLToPath(new URL(CLI_SCRIPT, import.meta.url))): string {
  let map: SourceMap | null | undefined;
  const mapOf = (): SourceMap | null => {
    if (map === undefined) {
      try {
        map = new SourceMap(JSON.parse(readFileSync(`${bundleFile}.map`, 'utf8')));
      } catch {
        map = null;
      }
    }
    return map;
  };
  return stack.replace(FRAME, (frame, line: string, column: string) => {
    const entry = mapOf()?.findEntry(Number(line) - 1, Number(column) - 1);
    if (!entry || !('originalSource' in entry)) return frame;
    return `${fileURLToPath(new URL(entry.originalSource, pathToFileURL(bundleFile)))}:${entry.originalLine + 1}:${entry.originalColumn + 1}`;
  });
}
