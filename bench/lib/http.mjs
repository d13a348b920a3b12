// A tiny JSON-over-HTTPS client for the set-up calls (node:https, so it can trust our own CA).
import { Agent, request } from 'node:https';
import { setTimeout } from 'node:timers';
import { Buffer } from 'node:buffer';
import { URL } from 'node:url';

export class HttpsJson {
  constructor(baseUrl, ca, { maxSockets = 16 } = {}) {
    this.baseUrl = baseUrl;
    this.agent = new Agent({ ca, keepAlive: true, maxSockets });
  }

  /** Resolves with {status, body, headers}; never rejects on an HTTP error status. */
  call(method, path, { token, body } = {}) {
    const url = new URL(path, this.baseUrl);
    const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    const headers = { accept: 'application/json' };
    if (payload) {
      headers['content-type'] = 'application/json';
      headers['content-length'] = String(payload.length);
    }
    if (token) headers.authorization = `Bearer ${token}`;
    return new Promise((resolve, reject) => {
      const req = request(url, { method, headers, agent: this.agent }, (res) => {
        const chunks = [];
        res.on('data', (chunk) => chunks.push(chunk));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let parsed;
          try {
            parsed = text ? JSON.parse(text) : undefined;
          } catch {
            parsed = text;
          }
          resolve({ status: res.statusCode, body: parsed, headers: res.headers });
        });
        res.on('error', reject);
      });
      req.on('error', reject);
      if (payload) req.write(payload);
      req.end();
    });
  }

  /** Like call(), but expects a 2xx; retries 503 (the server's hashing queue is full) after Retry-After. */
  async ok(method, path, options = {}) {
    for (let attempt = 0; ; attempt++) {
      const answer = await this.call(method, path, options);
      if (answer.status >= 200 && answer.status < 300) return answer.body;
      if (answer.status === 503 && attempt < 20) {
        await sleep(1000 * Number(answer.headers['retry-after'] ?? 1));
        continue;
      }
      throw new Error(`${method} ${path} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
    }
  }

  close() {
    this.agent.destroy();
  }
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs `task(item, index)` over `items` with at most `limit` in flight. */
export async function mapLimit(items, limit, task) {
  const results = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await task(items[i], i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
