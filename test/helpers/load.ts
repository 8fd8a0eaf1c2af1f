import { readFileSync } from 'node:fs';
import { SnapshotBuilder } from '../../src/collect/assemble.js';
import { decodeText } from '../../src/collect/decode.js';
import { analyze, type Analysis } from '../../src/engine/analyze.js';
import type { AnalyzeOptions } from '../../src/engine/policy.js';
import type { Snapshot } from '../../src/model/snapshot.js';

/** A Snapshot from inline YAML (one string per file), as the file collector would build it. */
export function snapshotFromYaml(...files: string[]): Snapshot {
  const b = new SnapshotBuilder();
  files.forEach((text, i) => b.addDecoded(`inline-${i + 1}.yaml`, decodeText(text)));
  return b.build({ origin: 'files' });
}

export function analyzeYaml(yaml: string, options?: AnalyzeOptions): Analysis {
  return analyze(snapshotFromYaml(yaml), options);
}

export function analyzeFile(path: string, options?: AnalyzeOptions): Analysis {
  return analyze(snapshotFromYaml(readFileSync(path, 'utf8')), options);
}
