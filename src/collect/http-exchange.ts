// One HTTP(S) request and its whole answer, within a time limit and a size limit: a body over the
// limit is stopped as it arrives, before it is too long for one string (or for memory).
import http from 'node:http';
import https from 'node:https';

export interface Limits {
  timeoutMs: number;
  maxBytes: number;
  onTimeout: () => Error;
  onTooLarge: (status: number) => Error;
}

export function exchange(url: URL, options: https.RequestOptions, body: string | undefined, limits: Limits): Promise<{ status: number; headers: http.IncomingHttpHeaders; text: string }> {
  const { timeoutMs, maxBytes, onTimeout } = limits;
  return new Promise((resolve, reject) => {
    const req = (url.protocol === 'http:' ? http : https).request(url, options, (res) => {
      const chunks: Buffer[] = [];
      let bytes = 0;
      const tooLarge = () => {
        clearTimeout(timer);
        reject(limits.onTooLarge(res.statusCode ?? 0));
        req.destroy();
      };
      if (Number(res.headers['content-length']) > maxBytes) return tooLarge();
      res.on('data', (c: Buffer) => {
        bytes += c.length;
        if (bytes > maxBytes) return tooLarge();
        chunks.push(c);
      });
      res.on('end', () => {
        clearTimeout(timer);
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') });
      });
      res.on('error', fail);
    });
    // Settled here rather than through req.destroy(err): once the response has started, a
    // destroyed request reports a plain "aborted" instead of the timeout.
    const timer = timeoutMs > 0 ? setTimeout(() => {
      reject(onTimeout());
      req.destroy();
    }, timeoutMs) : undefined;
    function fail(err: Error) {
      clearTimeout(timer);
      reject(err);
    }
    req.on('error', fail);
    req.end(body);
  });
}
