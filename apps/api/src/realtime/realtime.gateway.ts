import { type OnGatewayInit, WebSocketGateway, WebSocketServer } from '@nestjs/websockets';
import type { Server, Socket } from 'socket.io';

/**
 * Socket.IO on the same TLS port as REST. Every handshake passes `authenticateSocket` first:
 * a connection without a valid session token gets `connect_error` "UNAUTHORIZED" (CONTRACT.md).
 */
@WebSocketGateway({ serveClient: false, maxHttpBufferSize: 64 * 1024 })
export class RealtimeGateway implements OnGatewayInit {
  @WebSocketServer()
  server: Server;

  afterInit(server: Server): void {
    server.use((socket, next) => authenticateSocket(socket, next));
  }

  /** Used at shutdown: open sockets would otherwise keep the HTTPS server from closing. */
  disconnectAll(): void {
    this.server.disconnectSockets(true);
  }
}

/** Until the identity module issues sessions there is no valid token, so every handshake is refused. */
function authenticateSocket(_socket: Socket, next: (error?: Error) => void): void {
  next(new Error('UNAUTHORIZED'));
}
