#!/usr/bin/env node
// The ceiling of our stack: a bare Socket.IO server over TLS (node:https + socket.io, the same
// versions and options Atrio uses) with no authentication and no storage. `join` puts the socket in
// a room, `send` is acknowledged at once and broadcast to the room as `message:new`, with a message
// of the same shape as Atrio's. Usage: node bench/baseline-server.mjs <cert.pem> <key.pem> [port]
import { readFileSync } from 'node:fs';
import { createServer } from 'node:https';
import { Server } from 'socket.io';
import { setTimeout } from 'node:timers';

const [certPath, keyPath, portArg = '0'] = process.argv.slice(2);
if (!certPath || !keyPath) {
  console.error('usage: baseline-server.mjs <cert.pem> <key.pem> [port]');
  process.exit(64);
}
const https = createServer({ cert: readFileSync(certPath), key: readFileSync(keyPath) });
const io = new Server(https, { serveClient: false, maxHttpBufferSize: 64 * 1024 });
let lastId = 0;

io.on('connection', (socket) => {
  const userId = Number(socket.handshake.auth?.userId ?? 0);
  const authorName = String(socket.handshake.auth?.name ?? `user ${userId}`);
  socket.on('join', (payload, ack) => {
    void socket.join(`room:${payload?.roomId}`);
    if (typeof ack === 'function') ack({ ok: true });
  });
  socket.on('send', (payload, ack) => {
    const message = {
      id: ++lastId,
      roomId: payload.roomId,
      authorId: userId,
      authorName,
      body: payload.body,
      createdAt: new Date().toISOString(),
      editedAt: null,
      clientMsgId: payload.clientMsgId,
      kind: 'text',
      replyToId: null,
      reactions: {},
    };
    if (typeof ack === 'function') ack({ ok: true, message });
    io.to(`room:${payload.roomId}`).emit('message:new', { message });
  });
});

https.listen(Number(portArg), '127.0.0.1', () => {
  console.log(`baseline is running on https://127.0.0.1:${https.address().port}/`);
});
const stop = () => {
  io.disconnectSockets(true);
  io.close(() => process.exit(0));
  setTimeout(() => process.exit(0), 2000).unref();
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
