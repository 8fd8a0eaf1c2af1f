// analyze(snapshot): the library's entry point. Pure: it reads a Snapshot a collector made and
// answers queries on it. The graph is built only when something asks for it, so a who-can on a
// large input does no work it does not need.
import type { Diagnostic } from '../model/diagnostic.js';
import type { Request, ResourceRequest, UserInfo } from '../model/request.js';
import type { Decision, WhatCanResult, WhoCanResult } from '../model/results.js';
import type { Subject } from '../model/rbac.js';
import type { Snapshot } from '../model/snapshot.js';
import { buildGraph, type RbacGraph } from '../graph/build.js';
import { authorize } from './authorize.js';
import { explain, type Explanation } from './explain.js';
import { requestHints, type HintQuery } from './hints.js';
import { buildEscalationGraph, type EscalationGraph } from '../paths/escalation-graph.js';
import { Policy, type AnalyzeOptions } from './policy.js';
import { ResourceCatalogue } from './resource-catalogue.js';
import { resolveRequest, type RequestSpec, type ResolvedRequest } from './request-spec.js';
import { whatCan } from './what-can.js';
import { namespacesAllowing } from './where-allowed.js';
import { allowedSubjects, whoCan } from './who-can.js';

export interface Analysis {
  readonly snapshot: Snapshot;
  readonly policy: Policy;
  readonly catalogue: ResourceCatalogue;
  /** Input problems and analysis findings (missing roles, aggregation differences, ...). */
  readonly diagnostics: Diagnostic[];
  /** subject -> binding -> role -> rule, built on first use. */
  readonly graph: RbacGraph;
  resolve(spec: RequestSpec): ResolvedRequest;
  whoCan(req: Request, opts?: { allNamespaces?: boolean }): WhoCanResult;
  /** AllowedSubjects exactly as the API server returns it (stored subjects, system:masters first). */
  allowedSubjects(req: Request): Subject[];
  can(user: UserInfo, req: Request, opts?: { rbacOnly?: boolean; all?: boolean }): Decision;
  whatCan(user: UserInfo, opts?: { namespace?: string }): WhatCanResult;
  /** Every path that grants the request; when none does, the closest misses. */
  explain(user: UserInfo, req: Request): Explanation;
  /** Notes for a verb, namespace or subject the input never names, each with the closest name it does. */
  hints(q: HintQuery): string[];
  /** Namespaces where the request, put in that namespace, is allowed. */
  namespacesAllowing(user: UserInfo, req: ResourceRequest): string[];
  /** Identities and grants linked by escalation edges, built on first use. */
  readonly escalationGraph: EscalationGraph;
}

export function analyze(snapshot: Snapshot, options: AnalyzeOptions = {}): Analysis {
  const policy = new Policy(snapshot, options);
  const catalogue = new ResourceCatalogue(snapshot.customResources, snapshot.apiResources, (options.kubernetesVersion ?? snapshot.meta.kubernetesVersion) ? { kubernetesVersion: options.kubernetesVersion ?? snapshot.meta.kubernetesVersion } : {});
  let graph: RbacGraph | undefined;
  let escalation: EscalationGraph | undefined;
  return {
    snapshot,
    policy,
    catalogue,
    diagnostics: [...snapshot.diagnostics, ...policy.diagnostics],
    get graph() {
      graph ??= buildGraph(policy);
      return graph;
    },
    get escalationGraph() {
      escalation ??= buildEscalationGraph(policy);
      return escalation;
    },
    resolve: (spec) => resolveRequest(spec, catalogue),
    explain: (user, req) => explain(policy, user, req),
    whoCan: (req, opts) => whoCan(policy, req, opts),
    allowedSubjects: (req) => allowedSubjects(policy, req),
    can: (user, req, opts) => authorize(policy, user, req, opts),
    whatCan: (user, opts) => whatCan(policy, user, { ...opts, catalogue }),
    hints: (q) => requestHints(policy, q),
    namespacesAllowing: (user, req) => namespacesAllowing(policy, user, req),
  };
}
