// The exit codes a CI job can rely on; docs/cli.md lists them.
export const EXIT = {
  /** Success; for `can`: allowed. */
  OK: 0,
  /** `can`: not allowed (as `kubectl auth can-i`). Later also: findings / gains when asked to fail on them. */
  NO: 1,
  /** Bad flags or arguments, or input that cannot be read at all (missing file). */
  USAGE: 2,
  /** A live cluster could not be read. */
  CLUSTER: 3,
  /** --strict, and the input had problems (malformed documents, bindings to missing roles, ...). */
  STRICT: 4,
  /** A bug in rbac: please report it. */
  INTERNAL: 70,
} as const;
