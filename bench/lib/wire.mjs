// A minimal Socket.IO v5 client (Engine.IO v4, websocket transport only) straight over `ws`, for
// load generation: it costs a fraction of socket.io-client's CPU per frame, and lets a receiver
// look at a frame's text without parsing it. Only what the benchmarks need: connect with `auth`,
// emit with or without an acknowledgement, ping/pong, and every server event as raw text.
//
// Wire format (https://socket.io/docs/v4/socket-io-protocol/): Engine.IO packet type digit, then
// for a message (4) the Socket.IO packet type digit: `40{auth}` connect, `44{…}` connect error,
// `42["event",data]` event, `42<id>["event",data]` event asking an ack, `43<id>[answer]` ack;
// Engine.IO `2` ping, answered `3`.
import WebSocket from 'ws';
import { clearTimeout, setTimeout } from 'node:timers';

export class WireSocket {
  /**
   * `onEvent(text)` gets every `42…` frame from the server as text (without parsing it).
   * `onClose()` is called once when the connection ends, whoever ends it.
   */
  constructor(url, { ca, agent, auth, onEvent = () => {}, onClose = () => {} }) {
    this.url = `${url.replace(/^http/, 'ws')}/socket.io/?EIO=4&transport=websocket`;
    this.ca = ca;
    this.agent = agent; // an https.Agent: its TLS session cache makes reconnects cheap
    this.auth = auth;
    this.onEvent = onEvent;
    this.onClose = onClose;
    this.acks = new Map();
    this.nextAck = 0;
    this.connected = false;
    this.ws = undefined;
  }

  /** Resolves once the namespace connection is accepted; rejects with the server's error message. */
  connect(timeoutMs = 20_000) {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(this.url, {
        ca: this.ca,
        perMessageDeflate: false,
        handshakeTimeout: timeoutMs,
      });
      this.ws = ws;
      let settled = false;
      const settle = (error) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        if (error) reject(error);
        else resolve(this);
      };
      const timer = setTimeout(() => {
        settle(new Error('connect timeout'));
        ws.terminate();
      }, timeoutMs);
      ws.on('message', (data, isBinary) => {
        if (isBinary) return;
        const text = data.toString();
        const type = text.charCodeAt(0);
        if (type === 52 /* 4 message */) {
          const packet = text.charCodeAt(1);
          if (packet === 50 /* 2 event */) this.onEvent(text);
          else if (packet === 51 /* 3 ack */) this.#ack(text);
          else if (packet === 48 /* 0 connect */) {
            this.connected = true;
            settle();
          } else if (packet === 52 /* 4 connect error */) {
            let message = text.slice(2);
            try {
              message = JSON.parse(message).message ?? message;
            } catch {
              /* keep the raw text */
            }
            settle(new Error(message));
            ws.close();
          } else if (packet === 49 /* 1 disconnect */) ws.close();
        } else if (type === 50 /* 2 ping */) ws.send('3');
        else if (type === 48 /* 0 open */) ws.send(`40${this.auth ? JSON.stringify(this.auth) : ''}`);
        else if (type === 49 /* 1 close */) ws.close();
      });
      ws.on('error', (error) => settle(error));
      ws.on('close', () => {
        settle(new Error('closed before connecting'));
        const wasConnected = this.connected;
        this.connected = false;
        for (const callback of this.acks.values()) callback(undefined);
        this.acks.clear();
        if (wasConnected || this.ws === ws) this.onClose();
      });
    });
  }

  /** Sends an event; `ack(answerText)` gets the ack frame's payload as JSON text (`[…]`), or undefined if the socket closed. */
  emit(event, data, ack) {
    if (!this.connected) {
      ack?.(undefined);
      return;
    }
    const payload = JSON.stringify([event, data]);
    if (!ack) {
      this.ws.send(`42${payload}`);
      return;
    }
    const id = this.nextAck++;
    this.acks.set(id, ack);
    this.ws.send(`42${id}${payload}`);
  }

  /** emit() with an ack, as a promise of the parsed first answer argument. */
  request(event, data, timeoutMs = 10_000) {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${event}: no ack in ${timeoutMs} ms`)), timeoutMs);
      this.emit(event, data, (text) => {
        clearTimeout(timer);
        if (text === undefined) reject(new Error(`${event}: socket closed`));
        else resolve(JSON.parse(text)[0]);
      });
    });
  }

  #ack(text) {
    let i = 2;
    while (i < text.length && text.charCodeAt(i) >= 48 && text.charCodeAt(i) <= 57) i++;
    const id = Number(text.slice(2, i));
    const callback = this.acks.get(id);
    if (!callback) return;
    this.acks.delete(id);
    callback(text.slice(i));
  }

  close() {
    this.connected = false;
    this.ws?.close();
  }

  /** Drops the TCP connection without a close handshake (a network cut, as the server sees it). */
  terminate() {
    this.connected = false;
    this.ws?.terminate();
  }
}

/** `42["name",…` → name (the event of a raw frame), without parsing the rest. */
export function eventName(text) {
  const start = text.indexOf('"') + 1;
  return text.slice(start, text.indexOf('"', start));
}

/** Whether an ack payload (`[{"ok":true,…}]`) says ok; otherwise its error code. */
export function ackResult(text) {
  if (text === undefined) return { ok: false, code: 'NO_ANSWER' };
  if (text.startsWith('[{"ok":true')) return { ok: true };
  try {
    const answer = JSON.parse(text)[0];
    return answer?.ok ? { ok: true } : { ok: false, code: answer?.error?.code ?? 'NO_ANSWER' };
  } catch {
    return { ok: false, code: 'BAD_ACK' };
  }
}
