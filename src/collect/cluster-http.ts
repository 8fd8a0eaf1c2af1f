// Raw JSON requests to the API server, authenticated by @kubernetes/client-node's KubeConfig
// (tokens, client certificates, exec plugins, proxies). Raw JSON rather than the typed API
// classes: list items then arrive exactly as the server wrote them, for the same normalize code
// the files go through, and every status code and Retry-After header stays visible here.
//
// Errors about the connection or the identity (unreachable, TLS, 401, timeout) end the run with
// a ClusterError; an error status of one call is an ApiStatusError its caller may turn into a
// Diagnostic.
import http from 'node:http';
import https from 'node:https';
import { ClusterError, InputError, InternalError } from '../errors.js';
import { credentialsError, firstLine, loadKubeConfig, type KubeConfigOptions, type LoadedKubeConfig } from './cluster-config.js';
import { exchange } from './http-exchange.js';
import { redactUrl, refusal, RequestRefusedError } from './request-guard.js';

export interface ClientOptions extends KubeConfigOptions {
  /** Per request, until the whole body is read; 0 = none. Default 30 s. */
  requestTimeoutMs?: number;
  /** Retries of 429, 5xx and reset connections. Default 3. */
  retries?: number;
  /** First retry delay; doubles each time. Default 500 ms. */
  backoffMs?: number;
  /** Upper bound of one delay, Retry-After included. Default 30 s. */
  maxBackoffMs?: number;
  /** Requests in flight at once. Default 4. */
  concurrency?: number;
  /** Largest response body read; a larger one is a ResponseTooLargeError. Default 256 MiB. */
  maxResponseBytes?: number;
}

export const MAX_RESPONSE_BYTES = 256 * 1024 * 1024;

/** A non-2xx answer other than 401, with the server's Status message. */
export class ApiStatusError extends Error {
  override name = 'ApiStatusError';
  constructor(
    readonly call: string,
    readonly code: number,
    readonly reason: string,
    message: string,
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}

/** A 2xx answer whose body is over ClientOptions.maxResponseBytes: not read, never retried. */
export class ResponseTooLargeError extends ApiStatusError {
  override name = 'ResponseTooLargeError';
  constructor(call: string, code: number, readonly limit: number) {
    super(call, code, 'ResponseTooLarge', `the answer is larger than ${limit} bytes; not read`);
  }
}

const RESET = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED']);
const UNREACHABLE = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'EHOSTDOWN', 'ETIMEDOUT']);

export class ApiClient {
  /** The server URL as it may be printed (no user:password). */
  readonly server: string;
  readonly contextName: string;
  readonly clusterName: string;
  private readonly config: LoadedKubeConfig;
  private readonly basePath: string;
  private readonly abortController = new AbortController();
  private abortReason: Error | undefined;
  private active = 0;
  private readonly waiting: (() => void)[] = [];
  private agent: http.Agent | undefined;

  constructor(private readonly opts: ClientOptions = {}) {
    this.config = loadKubeConfig(opts);
    this.server = redactUrl(this.config.server);
    this.contextName = this.config.contextName;
    this.clusterName = this.config.cluster.name;
    let url: URL;
    try {
      url = new URL(this.config.server);
    } catch {
      throw new ClusterError(`cluster "${this.clusterName}": server "${this.server}" is not a URL`);
    }
    this.basePath = url.pathname.replace(/\/+$/, '');
    // The client refuses plain http unless TLS checks are off; say so before it does, obscurely.
    if (url.protocol === 'http:' && !this.config.cluster.skipTLSVerify) {
      throw new ClusterError(`cluster "${this.clusterName}": server ${this.server} is plain http, which is only accepted with insecure-skip-tls-verify: true in the kubeconfig`);
    }
  }

  /** `accept` replaces `application/json` (aggregated discovery asks for its own media type). */
  get<T>(path: string, query: Record<string, string | number | undefined> = {}, accept?: string): Promise<T> {
    return this.send<T>('GET', path, query, undefined, accept);
  }

  post<T>(path: string, body: unknown): Promise<T> {
    return this.send<T>('POST', path, {}, JSON.stringify(body));
  }

  /** Lets go of the kept-alive connections. */
  close(): void {
    this.agent?.destroy();
  }

  /** Stops every request in flight or queued: the run has failed and their answers are moot. */
  abort(reason: Error): void {
    this.abortReason ??= reason;
    this.abortController.abort();
  }

  private async send<T>(method: string, path: string, query: Record<string, string | number | undefined>, body?: string, accept?: string): Promise<T> {
    const call = `${method} ${path}`;
    const url = this.url(path, query);
    const refused = refusal(url.pathname, this.basePath);
    if (refused) throw new RequestRefusedError(`refusing to send ${method} ${JSON.stringify(url.pathname.slice(0, 200))} to ${this.server}: ${refused}`);
    const retries = this.opts.retries ?? 3;
    for (let attempt = 0; ; attempt++) {
      try {
        return (await this.limited(() => this.once(method, url, call, body, accept))) as T;
      } catch (err) {
        const delay = attempt < retries ? this.retryDelay(err, attempt) : undefined;
        if (delay === undefined) throw this.finalError(err, call);
        await sleep(delay);
      }
    }
  }

  private retryDelay(err: unknown, attempt: number): number | undefined {
    const max = this.opts.maxBackoffMs ?? 30_000;
    const backoff = Math.min(max, (this.opts.backoffMs ?? 500) * 2 ** attempt * (1 + Math.random() * 0.2));
    if (err instanceof ApiStatusError) {
      if (err.code === 429) return err.retryAfterMs !== undefined ? Math.min(max, err.retryAfterMs) : backoff;
      return err.code >= 500 ? backoff : undefined;
    }
    return RESET.has(errCode(err)) ? backoff : undefined;
  }

  private finalError(err: unknown, call: string): Error {
    if (err instanceof ApiStatusError || err instanceof ClusterError || err instanceof InputError || err instanceof InternalError) return err;
    if (this.abortReason) return this.abortReason;
    const code = errCode(err);
    const msg = firstLine(redactUrl((err as Error)?.message ?? String(err)));
    if (UNREACHABLE.has(code)) return new ClusterError(`cannot reach the API server at ${this.server} (${call}: ${code}); is the cluster running and the kubeconfig's server URL right?`);
    if (RESET.has(code) || msg === 'socket hang up') return new ClusterError(`the API server at ${this.server} kept closing the connection (${call}: ${code || msg})`);
    if (isTlsError(code, msg)) return new ClusterError(`TLS to ${this.server} failed (${call}: ${msg}); check the cluster's certificate-authority in the kubeconfig`);
    return new ClusterError(`request to ${this.server} failed (${call}: ${msg})`);
  }

  private async limited<R>(fn: () => Promise<R>): Promise<R> {
    while (this.active >= Math.max(1, this.opts.concurrency ?? 4)) await new Promise<void>((r) => this.waiting.push(r));
    if (this.abortReason) throw this.abortReason;
    this.active++;
    try {
      return await fn();
    } finally {
      this.active--;
      this.waiting.shift()?.();
    }
  }

  private url(path: string, query: Record<string, string | number | undefined>): URL {
    const url = new URL(this.config.server);
    url.pathname = this.basePath + path;
    for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== '') url.searchParams.set(k, String(v));
    return url;
  }

  private async once(method: string, url: URL, call: string, body?: string, accept?: string): Promise<unknown> {
    const reqHeaders: http.OutgoingHttpHeaders = { Accept: accept ?? 'application/json', 'User-Agent': 'rbac-cli' };
    if (body !== undefined) reqHeaders['Content-Type'] = 'application/json';
    const options: https.RequestOptions = { method, headers: reqHeaders };
    try {
      await this.config.kc.applyToHTTPSOptions(options);
    } catch (err) {
      throw credentialsError(err, this.config);
    }
    options.agent = this.sharedAgent(options);
    const timeoutMs = this.opts.requestTimeoutMs ?? 30_000;
    const maxBytes = this.opts.maxResponseBytes ?? MAX_RESPONSE_BYTES;
    const { status, headers, text } = await exchange(url, { ...options, signal: this.abortController.signal }, body, {
      timeoutMs,
      maxBytes,
      onTimeout: () => new ClusterError(`the API server at ${this.server} did not answer ${call} within ${formatMs(timeoutMs)} (--request-timeout)`),
      onTooLarge: (code) => new ResponseTooLargeError(call, code, maxBytes),
    });
    if (status === 401) {
      throw new ClusterError(`the API server at ${this.server} rejected the credentials of context "${this.contextName}" (401 Unauthorized on ${call}); the token or certificate may have expired: log in again`);
    }
    if (status < 200 || status >= 300) throw statusError(call, status, headers, text);
    try {
      return JSON.parse(text);
    } catch {
      throw new ClusterError(`${call} on ${this.server} answered ${status} with a body that is not JSON (${String(headers['content-type'] ?? 'no content-type')})`);
    }
  }

  // The client makes a new agent (so a new TLS handshake) per call; one kept-alive agent with the
  // same TLS settings saves a round trip or two on each of the run's ~50 requests. A proxy agent
  // is the client's own, reused as is.
  private sharedAgent(options: https.RequestOptions): http.Agent {
    if (this.agent) return this.agent;
    if (this.config.cluster.proxyUrl) return (this.agent = options.agent as http.Agent);
    const maxSockets = Math.max(1, this.opts.concurrency ?? 4);
    if (this.server.startsWith('http:')) return (this.agent = new http.Agent({ keepAlive: true, maxSockets }));
    const tls: https.AgentOptions = { keepAlive: true, maxSockets };
    for (const k of ['ca', 'cert', 'key', 'pfx', 'passphrase', 'rejectUnauthorized', 'servername'] as const) if (options[k] !== undefined) (tls as Record<string, unknown>)[k] = options[k];
    return (this.agent = new https.Agent(tls));
  }
}

function statusError(call: string, code: number, headers: http.IncomingHttpHeaders, text: string): ApiStatusError {
  let reason = '';
  let message = '';
  try {
    const s = JSON.parse(text) as { reason?: unknown; message?: unknown };
    if (typeof s.reason === 'string') reason = s.reason;
    if (typeof s.message === 'string') message = s.message;
  } catch {
    message = firstLine(text).slice(0, 200);
  }
  // A redirect is not followed (the credentials would go with it); its Location is not quoted.
  if (code >= 300 && code < 400) message = `redirected${headers.location ? ' to another location' : ''}; rbac does not follow redirects`;
  const retryAfter = Number(headers['retry-after']);
  return new ApiStatusError(call, code, reason, message || `HTTP ${code}`, Number.isFinite(retryAfter) && retryAfter >= 0 ? retryAfter * 1000 : undefined);
}

function isTlsError(code: string, msg: string): boolean {
  return code.startsWith('ERR_TLS') || code.startsWith('ERR_SSL') || /CERT|SELF_SIGNED|UNABLE_TO_(GET|VERIFY)/.test(code) || code === 'EPROTO' || /certificate|TLS|SSL/i.test(msg);
}

function errCode(err: unknown): string {
  const c = (err as NodeJS.ErrnoException | undefined)?.code;
  return typeof c === 'string' ? c : '';
}

export function formatMs(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`;
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
