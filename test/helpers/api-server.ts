// A local HTTPS server speaking the Kubernetes API for the calls rbac makes: discovery, paginated
// lists (items without kind/apiVersion, limit/continue, resourceVersion), Status objects for
// errors and SubjectAccessReview, with fault injection and a log of every request. Its CA is
// made with openssl at test time; it listens on 127.0.0.1 only.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeText } from '../../src/collect/decode.js';
import { BUILTIN_RESOURCES } from '../../src/model/catalogue.js';

type Raw = Record<string, any>;

export interface Fault {
  /** Answer with this status (a Status object, Retry-After for 429). */
  status?: number;
  retryAfter?: number;
  /** Never answer. */
  hang?: boolean;
  /** Drop the connection without an answer (ECONNRESET on the client). */
  reset?: boolean;
  /** Answer normally, this much later. */
  delayMs?: number;
  /** 410 Gone for requests that carry a continue token. */
  expireContinue?: boolean;
  /** Answer 200 with this body instead; `page` is what the server would have answered (undefined for a path it does not serve). */
  replace?: (page: Raw | undefined, query: URLSearchParams) => unknown;
  /** Answer normally, with this many bytes of padding in the body. */
  padBytes?: number;
  /** Answer with this redirect status (302, 307) and a Location header. */
  redirect?: number;
  /** How many requests it hits; default every one. */
  times?: number;
}
export type FaultMatch = string | RegExp | ((path: string) => boolean);

export interface Pki {
  caPem: string;
  certPem: string;
  keyPem: string;
}

let pki: Pki | undefined;

function openssl(dir: string, ...args: string[]): void {
  execFileSync('openssl', args, { cwd: dir, stdio: 'ignore' });
}

/** A CA and a server certificate for 127.0.0.1 signed by it (made once per test file). */
export function testPki(): Pki {
  if (pki) return pki;
  const dir = mkdtempSync(join(tmpdir(), 'rbac-pki-'));
  try {
    const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
    openssl(dir, 'req', '-x509', ...ec, '-keyout', 'ca.key', '-out', 'ca.crt', '-days', '2', '-subj', '/CN=rbac-test-ca');
    openssl(dir, 'req', ...ec, '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=127.0.0.1');
    writeFileSync(join(dir, 'ext.cnf'), 'subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n');
    openssl(dir, 'x509', '-req', '-in', 'server.csr', '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'server.crt', '-days', '2', '-extfile', 'ext.cnf');
    const read = (f: string) => readFileSync(join(dir, f), 'utf8');
    pki = { caPem: read('ca.crt'), certPem: read('server.crt'), keyPem: read('server.key') };
    return pki;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A CA that did not sign the server's certificate. */
export function otherCaPem(): string {
  const dir = mkdtempSync(join(tmpdir(), 'rbac-pki-'));
  try {
    openssl(dir, 'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', 'k', '-out', 'c', '-days', '2', '-subj', '/CN=other-ca');
    return readFileSync(join(dir, 'c'), 'utf8');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The objects of manifest files, List items unpacked, as `kubectl apply -f` would create them. */
export function manifestObjects(...files: string[]): Raw[] {
  const out: Raw[] = [];
  const add = (v: unknown) => {
    if (!v || typeof v !== 'object') return;
    const o = v as Raw;
    if (typeof o.kind === 'string' && o.kind.endsWith('List') && Array.isArray(o.items)) o.items.forEach(add);
    else out.push(o);
  };
  for (const f of files) for (const d of decodeText(readFileSync(f, 'utf8')).documents) add(d.value);
  return out;
}

interface Resource {
  group: string;
  version: string;
  name: string;
  kind: string;
  namespaced: boolean;
  shortNames: string[];
}

const SUBRESOURCES: Record<string, string[]> = { '/pods': ['exec', 'log', 'status', 'portforward', 'attach', 'eviction'], '/serviceaccounts': ['token'], 'apps/deployments': ['scale', 'status'] };
const VERSIONS: Record<string, string[]> = { '': ['v1'], autoscaling: ['v2', 'v1'] };
const VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];
const RV = '4242';

function statusBody(code: number, reason: string, message: string): Raw {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code };
}

export class FakeApiServer {
  readonly requests: string[] = [];
  readonly reviews: Raw[] = [];
  /** Most requests the server was answering at one time. */
  maxInFlight = 0;
  private inFlight = 0;
  /** Aggregated discovery (apidiscovery.k8s.io/v2) for clients that ask for it, as Kubernetes 1.30+ serves. */
  aggregatedDiscovery = true;
  /** Discovery answers by path, replacing the server's own (either form). */
  readonly discoveryOverride = new Map<string, unknown>();
  sarHandler: (spec: Raw) => { allowed: boolean; denied?: boolean; reason?: string } = () => ({ allowed: false });
  url = '';
  readonly token = 'test-token-123';
  private readonly faults: { match: FaultMatch; fault: Fault }[] = [];
  private readonly resources: Resource[] = [];
  private readonly store = new Map<string, Raw[]>();
  private readonly server: https.Server;
  private readonly dir = mkdtempSync(join(tmpdir(), 'rbac-kubeconfig-'));

  constructor(objects: Raw[]) {
    for (const r of BUILTIN_RESOURCES) if (!r.virtual) for (const version of VERSIONS[r.group] ?? ['v1']) this.resources.push({ ...r, version, name: r.resource });
    this.resources.push({ group: 'metrics.k8s.io', version: 'v1beta1', name: 'pods', kind: 'PodMetrics', namespaced: true, shortNames: [] });
    for (const crd of objects.filter((o) => o.kind === 'CustomResourceDefinition')) {
      for (const v of crd.spec?.versions ?? []) this.resources.push({ group: crd.spec.group, version: v.name, name: crd.spec.names.plural, kind: crd.spec.names.kind, namespaced: crd.spec.scope !== 'Cluster', shortNames: crd.spec.names.shortNames ?? [] });
    }
    const byKey = new Map<string, { res: string; obj: Raw }>();
    for (const o of objects) {
      const group = String(o.apiVersion ?? '').includes('/') ? String(o.apiVersion).split('/')[0]! : '';
      const r = this.resources.find((x) => x.kind === o.kind && x.group === group);
      if (!r) continue;
      const obj = structuredClone(o);
      obj.metadata ??= {};
      if (r.namespaced) obj.metadata.namespace ??= 'default';
      byKey.set(`${r.group}/${r.name}/${obj.metadata.namespace ?? ''}/${obj.metadata.name}`, { res: `${r.group}/${r.name}`, obj });
    }
    let uid = 0;
    for (const { res, obj } of byKey.values()) {
      delete obj.kind;
      delete obj.apiVersion;
      Object.assign(obj.metadata, { uid: `00000000-0000-0000-0000-${String(++uid).padStart(12, '0')}`, resourceVersion: String(100 + uid), creationTimestamp: '2024-01-01T00:00:00Z' });
      const list = this.store.get(res);
      if (list) list.push(obj);
      else this.store.set(res, [obj]);
    }
    const key = (o: Raw) => `${o.metadata.namespace ?? ''}/${o.metadata.name}`;
    for (const list of this.store.values()) list.sort((a, b) => (key(a) < key(b) ? -1 : 1));
    const { certPem, keyPem } = testPki();
    this.server = https.createServer({ cert: certPem, key: keyPem }, (req, res) => this.handle(req, res));
  }

  static async start(objects: Raw[] = []): Promise<FakeApiServer> {
    const s = new FakeApiServer(objects);
    await new Promise<void>((r) => s.server.listen(0, '127.0.0.1', r));
    s.url = `https://127.0.0.1:${(s.server.address() as AddressInfo).port}`;
    return s;
  }

  fault(match: FaultMatch, fault: Fault): void {
    this.faults.push({ match, fault });
  }

  clearFaults(): void {
    this.faults.length = 0;
  }

  /** Objects the server holds for group/resource (e.g. "rbac.authorization.k8s.io/roles"). */
  stored(groupResource: string): Raw[] {
    return this.store.get(groupResource) ?? [];
  }

  writeKubeconfig(o: { token?: string; caPem?: string; context?: string; server?: string } = {}): string {
    const file = join(this.dir, `kubeconfig-${Math.random().toString(36).slice(2)}`);
    const context = o.context ?? 'fake';
    const config = {
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [{ name: 'fake-cluster', cluster: { server: o.server ?? this.url, 'certificate-authority-data': Buffer.from(o.caPem ?? testPki().caPem).toString('base64') } }],
      users: [{ name: 'fake-user', user: { token: o.token ?? this.token } }],
      contexts: [{ name: context, context: { cluster: 'fake-cluster', user: 'fake-user' } }],
      'current-context': context,
    };
    writeFileSync(file, JSON.stringify(config));
    return file;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((r) => this.server.close(() => r()));
    rmSync(this.dir, { recursive: true, force: true });
  }

  private handle(req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse): void {
    const url = new URL(req.url ?? '/', 'https://x');
    const path = url.pathname;
    this.requests.push(`${req.method} ${path}${url.search}`);
    const send = (code: number, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(code, { 'Content-Type': 'application/json', ...headers });
      res.end(JSON.stringify(body));
    };
    this.maxInFlight = Math.max(this.maxInFlight, ++this.inFlight);
    res.on('close', () => this.inFlight--);
    if (req.headers.authorization !== `Bearer ${this.token}`) return send(401, statusBody(401, 'Unauthorized', 'Unauthorized'));
    const f = this.faults.find(({ match, fault }) => (fault.times ?? 1) > 0 && (!fault.expireContinue || url.searchParams.has('continue')) && (typeof match === 'string' ? match === path : match instanceof RegExp ? match.test(path) : match(path)));
    if (f) {
      if (f.fault.times !== undefined) f.fault.times--;
      if (f.fault.hang) return;
      if (f.fault.reset) return void req.socket.destroy();
      if (f.fault.delayMs !== undefined) {
        setTimeout(() => this.serve(req, url, send), f.fault.delayMs);
        return;
      }
      if (f.fault.replace) return send(200, f.fault.replace(this.answer(req, url), url.searchParams));
      if (f.fault.padBytes !== undefined) return send(200, { ...(this.answer(req, url) ?? {}), padding: 'x'.repeat(f.fault.padBytes) });
      if (f.fault.redirect) return send(f.fault.redirect, statusBody(f.fault.redirect, 'Found', 'moved'), { Location: `https://user:hunter2@elsewhere.example${path}` });
      if (f.fault.expireContinue) return send(410, statusBody(410, 'Expired', 'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter.'));
      const code = f.fault.status ?? 500;
      if (code === 403) return send(403, statusBody(403, 'Forbidden', forbiddenMessage(path)));
      if (code === 429) return send(429, statusBody(429, 'TooManyRequests', 'Too many requests, please try again later.'), { 'Retry-After': String(f.fault.retryAfter ?? 1) });
      return send(code, statusBody(code, code === 503 ? 'ServiceUnavailable' : 'InternalError', `fault injected: ${code}`));
    }
    this.serve(req, url, send);
  }

  /** The body the server answers a GET with, or undefined (404). */
  private answer(req: import('node:http').IncomingMessage, url: URL): Raw | undefined {
    if (this.discoveryOverride.has(url.pathname)) return this.discoveryOverride.get(url.pathname) as Raw;
    const aggregated = this.aggregatedDiscovery && /as=APIGroupDiscoveryList/.test(String(req.headers.accept ?? ''));
    return (aggregated ? this.aggregated(url.pathname) : undefined) ?? this.discovery(url.pathname) ?? this.list(url.pathname, url.searchParams);
  }

  private serve(req: import('node:http').IncomingMessage, url: URL, send: (code: number, body: unknown) => void): void {
    const path = url.pathname;
    if (req.method === 'POST' && path === '/apis/authorization.k8s.io/v1/subjectaccessreviews') {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString('utf8')));
      req.on('end', () => {
        const review = JSON.parse(body) as Raw;
        this.reviews.push(review);
        send(201, { ...review, metadata: { creationTimestamp: null }, status: this.sarHandler(review.spec ?? {}) });
      });
      return;
    }
    if (req.method !== 'GET') return send(405, statusBody(405, 'MethodNotAllowed', 'method not allowed'));
    const body = this.answer(req, url);
    if (body) return send(typeof body.code === 'number' ? body.code : 200, body);
    send(404, statusBody(404, 'NotFound', 'the server could not find the requested resource'));
  }

  private groupVersions(): Map<string, string[]> {
    const m = new Map<string, string[]>();
    for (const r of this.resources) if (r.group && !(m.get(r.group) ?? []).includes(r.version)) m.set(r.group, [...(m.get(r.group) ?? []), r.version]);
    return m;
  }

  private resourceEntries(group: string, version: string, aggregated: boolean): Raw[] {
    return this.resources
      .filter((r) => r.group === group && r.version === version)
      .flatMap((r): Raw[] => {
        const subs = SUBRESOURCES[`${group}/${r.name}`] ?? [];
        if (aggregated) {
          return [{ resource: r.name, responseKind: { group, version, kind: r.kind }, scope: r.namespaced ? 'Namespaced' : 'Cluster', singularResource: r.kind.toLowerCase(), verbs: VERBS, ...(r.shortNames.length ? { shortNames: r.shortNames } : {}), ...(subs.length ? { subresources: subs.map((s) => ({ subresource: s, responseKind: { group, version, kind: r.kind }, verbs: ['get', 'create'] })) } : {}) }];
        }
        return [
          { name: r.name, singularName: r.kind.toLowerCase(), namespaced: r.namespaced, kind: r.kind, verbs: VERBS, ...(r.shortNames.length ? { shortNames: r.shortNames } : {}) },
          ...subs.map((s) => ({ name: `${r.name}/${s}`, singularName: '', namespaced: r.namespaced, kind: r.kind, verbs: ['get', 'create'] })),
        ];
      });
  }

  private aggregated(path: string): Raw | undefined {
    const list = (items: Raw[]) => ({ kind: 'APIGroupDiscoveryList', apiVersion: 'apidiscovery.k8s.io/v2', metadata: {}, items });
    if (path === '/api') return list([{ metadata: { creationTimestamp: null }, versions: [{ version: 'v1', resources: this.resourceEntries('', 'v1', true), freshness: 'Current' }] }]);
    if (path !== '/apis') return undefined;
    return list([...this.groupVersions()].map(([name, vs]) => ({ metadata: { name, creationTimestamp: null }, versions: vs.map((v) => ({ version: v, resources: this.resourceEntries(name, v, true), freshness: 'Current' })) })));
  }

  private discovery(path: string): Raw | undefined {
    if (path === '/api') return { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: '127.0.0.1:6443' }] };
    if (path === '/apis') {
      const groups = [...this.groupVersions()].map(([name, vs]) => ({ name, versions: vs.map((v) => ({ groupVersion: `${name}/${v}`, version: v })), preferredVersion: { groupVersion: `${name}/${vs[0]}`, version: vs[0] } }));
      return { kind: 'APIGroupList', apiVersion: 'v1', groups };
    }
    const m = /^\/(?:api\/(v1)|apis\/([^/]+)\/([^/]+))$/.exec(path);
    if (!m) return undefined;
    const group = m[2] ?? '';
    const version = m[1] ?? m[3]!;
    const resources = this.resourceEntries(group, version, false);
    if (resources.length === 0) return undefined;
    return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: group ? `${group}/${version}` : version, resources };
  }

  private list(path: string, q: URLSearchParams): Raw | undefined {
    const m = /^\/(?:api\/(v1)|apis\/([^/]+)\/([^/]+))(?:\/namespaces\/([^/]+))?\/([^/]+)$/.exec(path);
    if (!m) return undefined;
    const group = m[2] ?? '';
    const version = m[1] ?? m[3]!;
    const r = this.resources.find((x) => x.group === group && x.version === version && x.name === m[5]);
    if (!r || (m[4] && !r.namespaced)) return undefined;
    const all = this.stored(`${group}/${r.name}`).filter((o) => !m[4] || o.metadata.namespace === m[4]);
    let start = 0;
    const cont = q.get('continue');
    if (cont) {
      try {
        start = (JSON.parse(Buffer.from(cont, 'base64').toString('utf8')) as { start: number }).start;
      } catch {
        return statusBody(400, 'BadRequest', 'continue key is not valid');
      }
    }
    const limit = Number(q.get('limit') ?? 0);
    const end = limit > 0 ? Math.min(all.length, start + limit) : all.length;
    const metadata: Raw = { resourceVersion: RV };
    if (end < all.length) Object.assign(metadata, { continue: Buffer.from(JSON.stringify({ v: 'meta.k8s.io/v1', rv: Number(RV), start: end })).toString('base64'), remainingItemCount: all.length - end });
    return { kind: `${r.kind}List`, apiVersion: group ? `${group}/${version}` : version, metadata, items: structuredClone(all.slice(start, end)) };
  }
}

function forbiddenMessage(path: string): string {
  const m = /^\/(?:api\/v1|apis\/([^/]+)\/[^/]+)(?:\/namespaces\/([^/]+))?\/([^/]+)$/.exec(path);
  if (!m) return `forbidden: User "jane" cannot get path "${path}"`;
  const [, group = '', ns, resource] = m;
  const where = ns ? `in the namespace "${ns}"` : 'at the cluster scope';
  return `${resource}${group ? `.${group}` : ''} is forbidden: User "jane" cannot list resource "${resource}" in API group "${group}" ${where}`;
}

/** True for a list call (not discovery). */
export function isListPath(path: string): boolean {
  return /^\/(?:api\/v1|apis\/[^/]+\/[^/]+)(?:\/namespaces\/[^/]+)?\/[^/]+$/.test(path);
}
