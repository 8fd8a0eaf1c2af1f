// Asks the API server itself (a SubjectAccessReview, authorization.k8s.io/v1) whether a user may
// make a request: the ground truth to check an answer computed from the objects against. The
// server runs its whole authorizer chain (Node, RBAC, webhooks), so a "yes" there and a "no" here
// can be another authorizer's doing; `reason` says which when the server tells.
import { ApiClient, type ClientOptions } from './cluster-http.js';
import type { Request, UserInfo } from '../model/request.js';
import { ClusterError, InputError } from '../errors.js';

export interface ServerVerdict {
  allowed: boolean;
  /** An authorizer denied outright (the chain stopped there). */
  denied?: boolean;
  reason?: string;
  evaluationError?: string;
}

export function subjectAccessReview(user: UserInfo, request: Request): Record<string, unknown> {
  const spec: Record<string, unknown> = { user: user.name, groups: [...user.groups] };
  if (request.kind === 'nonResource') {
    spec.nonResourceAttributes = { verb: request.verb, path: request.path };
  } else {
    spec.resourceAttributes = {
      verb: request.verb,
      // "any group" (a resource we could not place) is "*" to the authorizer.
      group: request.apiGroup ?? '*',
      resource: request.resource,
      ...(request.subresource ? { subresource: request.subresource } : {}),
      ...(request.name ? { name: request.name } : {}),
      ...(request.namespace ? { namespace: request.namespace } : {}),
    };
  }
  return { apiVersion: 'authorization.k8s.io/v1', kind: 'SubjectAccessReview', spec };
}

export async function verifyWithServer(opts: ClientOptions, user: UserInfo, request: Request): Promise<ServerVerdict> {
  const client = new ApiClient(opts);
  const path = '/apis/authorization.k8s.io/v1/subjectaccessreviews';
  let answer: { status?: Record<string, unknown> };
  try {
    answer = await client.post(path, subjectAccessReview(user, request));
  } catch (err) {
    if (err instanceof ClusterError || err instanceof InputError) throw err;
    const e = err as { code?: unknown; message?: string };
    const hint = e.code === 403 ? '; creating a SubjectAccessReview needs "create subjectaccessreviews.authorization.k8s.io"' : '';
    throw new ClusterError(`the API server at ${client.server} did not answer POST ${path} (${String(e.code ?? '')} ${e.message ?? String(err)})${hint}`);
  } finally {
    client.close();
  }
  const s = answer.status ?? {};
  const verdict: ServerVerdict = { allowed: s.allowed === true };
  if (s.denied === true) verdict.denied = true;
  if (typeof s.reason === 'string' && s.reason) verdict.reason = s.reason;
  if (typeof s.evaluationError === 'string' && s.evaluationError) verdict.evaluationError = s.evaluationError;
  return verdict;
}
