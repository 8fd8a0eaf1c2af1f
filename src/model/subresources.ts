// The subresources each built-in resource serves, so `pods/log` reads as a subresource and
// `secrets/registry-credentials` as a name (kubectl reads every TYPE/NAME as a name). Checked
// against the API discovery test data of the Kubernetes source (api/discovery/api__v1.json and
// aggregated_v2.json) and the storage maps that register them
// (pkg/registry/core/rest/storage_core.go and pkg/registry/*/rest/storage_*.go). An entry with a
// version is served, with default feature gates, from that version on.

/** The oldest and newest Kubernetes versions the built-in tables describe. */
export const OLDEST_KUBERNETES_VERSION = '1.28';
export const NEWEST_KUBERNETES_VERSION = '1.35';

/** A subresource, or [subresource, first version it is served in with default feature gates]. */
type Sub = string | [name: string, since: string];

/** group/resource -> subresources. `*` means any subresource (the key of userextras/KEY). */
const SUBRESOURCES: Record<string, Sub[]> = {
  '/namespaces': ['finalize', 'status'],
  '/nodes': ['proxy', 'status'],
  '/persistentvolumeclaims': ['status'],
  '/persistentvolumes': ['status'],
  // pods/resize: feature gate InPlacePodVerticalScaling, beta and on by default in 1.33.
  '/pods': ['attach', 'binding', 'ephemeralcontainers', 'eviction', 'exec', 'log', 'portforward', 'proxy', 'status', ['resize', '1.33']],
  '/replicationcontrollers': ['scale', 'status'],
  '/resourcequotas': ['status'],
  '/serviceaccounts': ['token'],
  '/services': ['proxy', 'status'],
  // Impersonating an extra is checked on userextras with the extra's key as the subresource.
  'authentication.k8s.io/userextras': ['*'],
  // v1 (served by default) since 1.30; v1beta1 before, off by default.
  'admissionregistration.k8s.io/validatingadmissionpolicies': [['status', '1.30']],
  'apiextensions.k8s.io/customresourcedefinitions': ['status'],
  'apiregistration.k8s.io/apiservices': ['status'],
  'apps/daemonsets': ['status'],
  'apps/deployments': ['scale', 'status'],
  'apps/replicasets': ['scale', 'status'],
  'apps/statefulsets': ['scale', 'status'],
  'autoscaling/horizontalpodautoscalers': ['status'],
  'batch/cronjobs': ['status'],
  'batch/jobs': ['status'],
  'certificates.k8s.io/certificatesigningrequests': ['approval', 'status'],
  'flowcontrol.apiserver.k8s.io/flowschemas': ['status'],
  'flowcontrol.apiserver.k8s.io/prioritylevelconfigurations': ['status'],
  'networking.k8s.io/ingresses': ['status'],
  'policy/poddisruptionbudgets': ['status'],
  'storage.k8s.io/volumeattachments': ['status'],
};

/** "1.28", "v1.28.7" -> [1, 28]; undefined when it is not a version. */
export function parseKubernetesVersion(text: string): [number, number] | undefined {
  const m = /^v?(\d+)\.(\d+)(\.\d+)?$/.exec(text.trim());
  return m ? [Number(m[1]), Number(m[2])] : undefined;
}

function atLeast(version: [number, number], since: string): boolean {
  const [major, minor] = parseKubernetesVersion(since)!;
  return version[0] > major || (version[0] === major && version[1] >= minor);
}

/** The built-in subresources of group/resource in that Kubernetes version ("1.33"). */
export function builtinSubresources(group: string, resource: string, version: string = NEWEST_KUBERNETES_VERSION): string[] {
  const v = parseKubernetesVersion(version) ?? parseKubernetesVersion(NEWEST_KUBERNETES_VERSION)!;
  return (SUBRESOURCES[`${group}/${resource}`] ?? []).flatMap((s) => (typeof s === 'string' ? [s] : atLeast(v, s[1]) ? [s[0]] : []));
}
