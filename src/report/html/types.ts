// The data an HTML report embeds (one JSON document in the page), compact enough for a 10k-object
// cluster. The browser answers who-can and what-can from it with the library's own rule matcher.

/** A rule as [verbs, apiGroups, resources, resourceNames, nonResourceURLs]. */
export type RuleTuple = [string[], string[], string[], string[], string[]];

/** A subject as it applies (a ServiceAccount's namespace defaulted): [kind, name, namespace or "", graph key]. */
export type SubjectTuple = [string, string, string, string];

export interface EmbeddedRole {
  /** Effective rules (aggregation applied), as indexes into `rules`. */
  rules: number[];
  /** For an aggregated ClusterRole: per rule, the ClusterRole it came from (null: its own). */
  from?: (string | null)[];
  /** The role is of the built-in default policy: its release. */
  defaultPolicy?: string;
  /** Its computed rules depend on the aggregation controller's history. */
  dependsOnHistory?: true;
}

export interface EmbeddedBinding {
  key: string;
  kind: 'RoleBinding' | 'ClusterRoleBinding';
  name: string;
  /** The binding's namespace: the scope it grants in ("" for a ClusterRoleBinding). */
  ns: string;
  /** roleRef as [kind, name, namespace or ""] (a Role is looked up in the binding's namespace). */
  roleRef: [string, string, string];
  /** Index into `roles`; -1 when the role does not exist. */
  role: number;
  /** The binding is of the built-in default policy: its release. */
  defaultPolicy?: string;
  /**
   * Each stored subject: [index into `subjects` of the subject as it applies, reason it never
   * matches or "", the stored subject when that differs: [kind, name, namespace or ""]].
   */
  subjects: [number, string, [string, string, string]?][];
}

/** [API group, plural resource, namespaced, subresources ("*": any)] */
export type ResourceTuple = [string, string, boolean, string[]];

export interface ReportFinding {
  severity: string;
  check: string;
  title: string;
  who: string;
  scope: string;
  matched: string[];
  via: string;
}

export interface ReportPath {
  source: string;
  hops: number;
  chain: string;
}

export interface ReportOverview {
  title: string;
  generated: string;
  objects: Record<string, number>;
  subjects: Record<string, number>;
  findingsBySeverity: Record<string, number>;
  excludedFindings: number;
  topFindings: ReportFinding[];
  pathsToClusterAdmin: ReportPath[];
  pathCount: number;
  diagnostics: { severity: string; message: string }[];
}

export interface ReportData {
  overview: ReportOverview;
  rules: RuleTuple[];
  /** Why a rule can never take effect through a RoleBinding, by rule index (absent: it can). */
  nsIneffective: Record<string, string>;
  roles: EmbeddedRole[];
  /** ClusterRoleBindings first, then RoleBindings by namespace: the authorizer's order. */
  bindings: EmbeddedBinding[];
  subjects: SubjectTuple[];
  /** For each subject key: the bindings that apply to it, in order, with the position of the matching subject. */
  whatCan: Record<string, [number, number][]>;
  /** What a person may type for a resource (lower-cased) -> what it resolves to, as the CLI's catalogue. */
  resources: Record<string, ResourceTuple[]>;
  /** Resource texts to suggest (pods, pods/exec, deployments.apps ...). */
  resourceHints: string[];
  verbs: string[];
  namespaces: string[];
  graph: {
    /** [key, class, kind line, name line] */
    nodes: [string, string, string, string][];
    /** [source index, target index, kind, label] */
    edges: [number, number, string, string][];
  };
}
