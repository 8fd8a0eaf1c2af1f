// The few exceptions this tool throws: misuse only. Bad data inside readable input is a
// Diagnostic, never an exception. The CLI maps each class to one documented exit code.

export class UsageError extends Error {
  override name = 'UsageError';
}

/** Input that cannot be read at all: a missing file, an unreadable folder. Names the path. */
export class InputError extends Error {
  override name = 'InputError';
}

/** A live cluster could not be read: names the server and the API call. */
export class ClusterError extends Error {
  override name = 'ClusterError';
}

export class InternalError extends Error {
  override name = 'InternalError';
}
