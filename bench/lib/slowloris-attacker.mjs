// The slowloris drill's attacker, in its own process so that its work never delays the chat it
// measures: `fork(this, [port, halfOpen, dribblers])`. It opens silent TCP connections (500 at a
// time) and TLS connections that dribble one header line a second, reports {opened} over IPC,
// then reports how long each lived once the server closed them all (or on {report: true}).
import { connect as netConnect } from 'node:net';
import { performance } from 'node:perf_hooks';
import process from 'node:process';
import { clearInterval, setInterval } from 'node:timers';
import { connect as tlsConnect } from 'node:tls';

const [port, halfOpen, dribblers] = process.argv.slice(2).map(Number);
const attackers = [];
let refused = 0;

function track(socket, kind) {
  const entry = { kind, socket, openedAt: undefined, closedAt: undefined, timer: undefined };
  socket.on('error', () => undefined);
  socket.on('close', () => {
    entry.closedAt ??= performance.now();
    clearInterval(entry.timer);
  });
  attackers.push(entry);
  return entry;
}

const t0 = performance.now();
for (let i = 0; i < halfOpen; i += 500) {
  await Promise.all(
    Array.from({ length: Math.min(500, halfOpen - i) }, () => {
      const entry = track(netConnect({ host: '127.0.0.1', port }), 'half-open');
      return new Promise((resolve) => {
        entry.socket.once('connect', () => resolve((entry.openedAt = performance.now())));
        entry.socket.once('error', () => resolve(refused++));
      });
    }),
  );
}
await Promise.all(
  Array.from({ length: dribblers }, (_, i) => {
    const entry = track(tlsConnect({ host: '127.0.0.1', port, rejectUnauthorized: false }), 'slowloris');
    return new Promise((resolve) => {
      entry.socket.once('secureConnect', () => {
        entry.openedAt = performance.now();
        entry.socket.write('GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\n');
        entry.timer = setInterval(
          () => entry.socket.writable && entry.socket.write(`X-Drip-${i}: ${Date.now()}\r\n`),
          1000,
        );
        resolve();
      });
      entry.socket.once('error', () => resolve(refused++));
    });
  }),
);
process.send({
  opened: attackers.filter((a) => a.openedAt !== undefined).length,
  refused,
  openedMs: performance.now() - t0,
});

const report = () => {
  const lifetimes = attackers
    .filter((a) => a.openedAt !== undefined)
    .map((a) => (a.closedAt === undefined ? null : (a.closedAt - a.openedAt) / 1000));
  process.send({ lifetimes }, () => {
    attackers.forEach((a) => a.socket.destroy());
    process.exit(0);
  });
};
process.on('message', (message) => message.report && report());
const poll = setInterval(() => {
  if (attackers.every((a) => a.closedAt !== undefined)) {
    clearInterval(poll);
    report();
  }
}, 250);
