import { Injectable } from '@nestjs/common';
import type { Server } from 'node:https';
import { dirname } from 'node:path';
import type { TlsMaterial } from './tls-material.js';

/**
 * The certificate and key the HTTPS port serves right now, and the server to hot-swap them on.
 * server.ts attaches both once the Nest app exists; the files on disk may differ (edited by hand),
 * so status and renewal work from what is actually served.
 */
@Injectable()
export class TlsState {
  private server: Server | undefined;
  private material: TlsMaterial | undefined;

  attach(server: Server, material: TlsMaterial): void {
    this.server = server;
    this.material = material;
  }

  get current(): TlsMaterial {
    if (!this.material) throw new Error('TlsState used before server.ts attached the TLS material');
    return this.material;
  }

  get certDir(): string {
    return dirname(this.current.certPath);
  }

  /** New TLS handshakes get the new pair; connections already open keep theirs. */
  swap(cert: string, key: string): void {
    if (!this.server) throw new Error('TlsState used before server.ts attached the HTTPS server');
    this.server.setSecureContext({ cert, key });
    this.material = { ...this.current, cert, key, generated: false };
  }
}
