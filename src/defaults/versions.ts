// Which default policies are shipped, and loading one. Each version's data is a module of its
// own, imported only when asked for: a live-cluster run never pays for it.
import { UsageError } from '../errors.js';
import type { Snapshot } from '../model/snapshot.js';
import { LOADERS } from './data/index.js';
import { mergeDefaultPolicy } from './merge.js';
import type { DefaultPolicyData } from './types.js';

/** Shipped versions ("1.28", ...), oldest first. */
export const DEFAULT_POLICY_VERSIONS: readonly string[] = Object.keys(LOADERS);
export const NEWEST_DEFAULT_POLICY = DEFAULT_POLICY_VERSIONS[DEFAULT_POLICY_VERSIONS.length - 1]!;

/** "1.28", "v1.28" or "1.28.7" -> the shipped "1.28"; anything else is a usage error naming the shipped ones. */
export function resolveKubernetesVersion(text: string | undefined): string {
  if (text === undefined) return NEWEST_DEFAULT_POLICY;
  const minor = minorOf(text);
  if (minor && LOADERS[minor]) return minor;
  throw new UsageError(`--kubernetes-version ${text}: no default policy shipped for it (shipped: ${DEFAULT_POLICY_VERSIONS.join(', ')}); with --no-default-policy any version names the subresources it serves`);
}

/** "1.33", "v1.33" or "1.33.2" -> "1.33": a version without a shipped policy still names the subresources it serves. */
export function parseKubernetesMinor(text: string): string {
  const minor = minorOf(text);
  if (!minor) throw new UsageError(`--kubernetes-version ${text}: expected MAJOR.MINOR, e.g. 1.28`);
  return minor;
}

function minorOf(text: string): string | undefined {
  const m = /^v?(\d+)\.(\d+)(\.\d+)?$/.exec(text.trim());
  return m ? `${Number(m[1])}.${Number(m[2])}` : undefined;
}

/** The version a command runs with: a shipped policy when it adds one, any MAJOR.MINOR otherwise. */
export function kubernetesVersionFor(text: string | undefined, withPolicy: boolean): string | undefined {
  if (text === undefined) return undefined;
  return withPolicy ? resolveKubernetesVersion(text) : parseKubernetesMinor(text);
}

export async function loadDefaultPolicy(version: string): Promise<DefaultPolicyData> {
  return (await LOADERS[resolveKubernetesVersion(version)]!()).default;
}

/**
 * `snapshot` with the default policy of `version` (default: the newest shipped) added, as if the
 * cluster had it. A snapshot of a live cluster, or one that already has a default policy, is
 * returned as it is: a cluster has its own.
 */
export async function withDefaultPolicy(snapshot: Snapshot, version: string | true = NEWEST_DEFAULT_POLICY): Promise<Snapshot> {
  if (snapshot.meta.origin === 'cluster' || snapshot.meta.defaultPolicy) return snapshot;
  return mergeDefaultPolicy(snapshot, await loadDefaultPolicy(version === true ? NEWEST_DEFAULT_POLICY : version));
}
