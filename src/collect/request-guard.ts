// The last checks before a request leaves, and what may be said about the server. The path is
// checked as it will be sent (after URL normalisation has removed `..` and `%2e%2e` segments), so
// a hostile discovery answer cannot steer a request to Secrets; a URL's user:password is never
// printed.
import { ClusterError } from '../errors.js';

/** A request rbac refused to send: a clean error (exit 3), never a crash. */
export class RequestRefusedError extends ClusterError {
  override name = 'RequestRefusedError';
}

// Every segment rbac ever sends is a group, version, resource or namespace name: lower-case DNS
// characters, never `.`/`..`, never percent-encoded.
const SEGMENT = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;
const SECRETS = /^\/(?:api\/[^/]+|apis\/[^/]+\/[^/]+)(?:\/namespaces\/[^/]+)?\/secrets(?:\/|$)/i;

/** Why the final `pathname` of a request (the server's own `basePath` first) must not be sent; undefined when it may. */
export function refusal(pathname: string, basePath: string): string | undefined {
  if (!pathname.startsWith(`${basePath}/`)) return 'it leaves the server\'s base path';
  const rest = pathname.slice(basePath.length);
  if (SECRETS.test(rest)) return 'rbac never reads Secrets';
  const bad = rest.slice(1).split('/').find((s) => !SEGMENT.test(s));
  if (bad !== undefined) return `path segment ${JSON.stringify(bad.slice(0, 80))} is not a Kubernetes name`;
  return undefined;
}

/** `https://user:password@host/x` -> `https://***@host/x`, wherever a URL is in `text`: for every message that names the server. */
export function redactUrl(text: string): string {
  return text.replace(/\b([a-z][a-z0-9+.-]*:\/\/)[^/?#\s@]*@/gi, '$1***@');
}
