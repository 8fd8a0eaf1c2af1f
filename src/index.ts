// The library: collect a Snapshot (from files here; from a cluster in collect/cluster), then
// analyze() it and ask who-can / can / what-can. The CLI is one user of exactly this API.
export { analyze, type Analysis } from './engine/analyze.js';
export { loadFiles, type LoadOptions } from './collect/files.js';
export { decodeText } from './collect/decode.js';
export { SnapshotBuilder } from './collect/assemble.js';
export { answerBatch, answerBatchLine } from './engine/batch.js';
export { parseSubjectSpec, userInfoFor, type SubjectSpec } from './engine/subject-spec.js';
export { resolveRequest, type RequestSpec, type ResolvedRequest } from './engine/request-spec.js';
export { Policy, type AggregationMode, type AnalyzeOptions } from './engine/policy.js';
export { ResourceCatalogue } from './engine/resource-catalogue.js';
export { buildGraph, type RbacGraph, type NodeAttributes, type EdgeAttributes } from './graph/build.js';
export { withImplicitGroups, serviceAccountUsername } from './semantics/user-info.js';
export * from './semantics/rule-matches.js';
export { appliesTo, appliesToUser } from './semantics/applies-to.js';
export { computeAggregation } from './semantics/aggregation.js';
export { UsageError, InputError, ClusterError, InternalError } from './errors.js';
export type * from './model/rbac.js';
export type * from './model/request.js';
export type * from './model/results.js';
export type * from './model/snapshot.js';
export type { Diagnostic, Severity } from './model/diagnostic.js';
export { describeSource } from './model/diagnostic.js';
export { resourceRequest, nonResourceRequest, describeRequest } from './model/request.js';
