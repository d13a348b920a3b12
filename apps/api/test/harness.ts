import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AtrioConfig } from '../src/config/atrio-config.js';
import { loadConfig } from '../src/config/load-config.js';
import { startServer, type RunningServer } from '../src/server.js';
import { request, type HttpResponse, type RequestOptions } from './http-client.js';

export const TEST_ADMIN_PASSWORD = 'correct horse battery staple';

/** A fresh temporary folder; removed by the returned cleanup. */
export function tempDir(prefix = 'atrio-test-'): { path: string; remove: () => void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

/** Environment for a server on a free loopback port with its data and certificates under `root`. */
export function testEnv(root: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    ATRIO_PORT: '0',
    ATRIO_HOST: '127.0.0.1',
    ATRIO_DATA_DIR: join(root, 'data'),
    ATRIO_CERT_DIR: join(root, 'certs'),
    ATRIO_ADMIN_PASSWORD: TEST_ADMIN_PASSWORD,
    ATRIO_LOG_LEVEL: 'info',
    ...extra,
  };
}

export interface TestServer {
  server: RunningServer;
  config: AtrioConfig;
  baseUrl: string;
  /** The server's certificate, trusted by every request the test makes. */
  ca: string;
  request(path: string, options?: Omit<RequestOptions, 'ca'>): Promise<HttpResponse>;
  close(): Promise<void>;
}

/** Starts the real server in this process: real TLS, a real SQLite file in a temp dir. */
export async function startTestServer(extraEnv: Record<string, string> = {}): Promise<TestServer> {
  const dir = tempDir();
  const config = loadConfig(testEnv(dir.path, extraEnv), dir.path);
  const server = await startServer(config);
  const baseUrl = `https://127.0.0.1:${server.port}`;
  return {
    server,
    config,
    baseUrl,
    ca: server.tls.cert,
    request: (path, options = {}) => request(`${baseUrl}${path}`, { ...options, ca: server.tls.cert }),
    close: async () => {
      await server.close();
      dir.remove();
    },
  };
}
