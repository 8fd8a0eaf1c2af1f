// Verbs and namespaces Kubernetes itself gives meaning to, so a request naming them is never
// flagged as unknown even when no rule of the input names them.

/**
 * Verbs the API server or an admission/handler check sends to the authorizer (spec §2.2, §6.8):
 * the request verbs, the lower-cased HTTP methods of non-resource requests, and the verbs of
 * internal checks (bind/escalate on roles, impersonate, approve/sign/attest on signers, use).
 */
export const KUBERNETES_VERBS: readonly string[] = [
  'get', 'list', 'watch', 'create', 'update', 'patch', 'delete', 'deletecollection', 'proxy',
  'post', 'put', 'head', 'options',
  'bind', 'escalate', 'impersonate', 'approve', 'sign', 'attest', 'use',
  '*',
];

/** Constrained impersonation (alpha since v1.35, spec §11.3): impersonate:MODE and impersonate-on:MODE:VERB. */
const CONSTRAINED_IMPERSONATION = /^(impersonate:(user-info|serviceaccount|arbitrary-node|associated-node)|impersonate-on:[^:]+:[^:]+)$/;

export function isKubernetesVerb(verb: string): boolean {
  return KUBERNETES_VERBS.includes(verb) || CONSTRAINED_IMPERSONATION.test(verb);
}

/** Namespaces every cluster has (created by the API server's own controllers). */
export const SYSTEM_NAMESPACES: readonly string[] = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];
