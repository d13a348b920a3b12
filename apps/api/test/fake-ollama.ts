import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the stand-in does when asked to chat. */
export type FakeChatMode =
  /** Streams `respond(request)` as JSON text, a few characters a chunk. */
  | 'ok'
  /** Like ok, with `delayMs` between chunks (a slow but progressing model). */
  | 'slow'
  /** Streams the first chunk, then says nothing more and never ends the response. */
  | 'silent'
  /** Answers `httpStatus` with Ollama's error body. */
  | 'http-error'
  /** Streams text that is not JSON. */
  | 'garbage'
  /** Streams nothing but the final done line. */
  | 'empty'
  /** Answers with a valid summary whose text is the whole prompt it received. */
  | 'echo';

export interface ChatRequest {
  model: string;
  messages: Array<{ role: string; content: string }>;
  stream?: boolean;
  format?: unknown;
  options?: Record<string, unknown>;
}

export interface FakeOllama {
  url: string;
  /** Mutable between tests. */
  state: {
    mode: FakeChatMode;
    /** Models `/api/tags` lists; `/api/show` and `/api/chat` answer 404 "not found" for others. */
    models: string[];
    contextLength: number;
    delayMs: number;
    httpStatus: number;
    /** The JSON answer of `ok` and `slow` (default: one key point citing the first message id seen). */
    respond: (request: ChatRequest) => unknown;
    /** Answers that are garbage before the mode applies (to test one retry): counts down. */
    garbageFirst: number;
  };
  /** Every /api/chat request received, in order. */
  chats: ChatRequest[];
  /** Chat streams the client closed before the end (an abort reached the server). */
  aborted: number;
  reset(): void;
  close(): Promise<void>;
}

export const FAKE_MODEL = 'fake-model:1b';

export function defaultRespond(request: ChatRequest): unknown {
  const prompt = request.messages.map((m) => m.content).join('\n');
  // Message lines carry "id", partial summaries (the merge step) "messageIds".
  const ids = [...prompt.matchAll(/"(?:id|messageIds)":\[?(\d+)/g)].map((m) => Number(m[1]));
  const first = ids[0] ?? 0;
  return {
    summary: `Summary of ${ids.length} messages.`,
    keyPoints: [{ text: 'The first message was said.', messageIds: [first] }],
    decisions: [],
    actionItems: [],
  };
}

function defaults(): FakeOllama['state'] {
  return {
    mode: 'ok',
    models: [FAKE_MODEL],
    contextLength: 131_072,
    delayMs: 0,
    httpStatus: 500,
    respond: defaultRespond,
    garbageFirst: 0,
  };
}

/**
 * A local HTTP server speaking the parts of Ollama's API that Atrio uses (`/api/version`,
 * `/api/tags`, `/api/show`, `/api/ps`, `/api/chat` streaming NDJSON): Ollama cannot run here,
 * and the failures worth testing (slow, silent, HTTP errors, garbage) are hard to get from it anyway.
 */
export async function startFakeOllama(): Promise<FakeOllama> {
  const fake: Omit<FakeOllama, 'url' | 'close'> = {
    state: defaults(),
    chats: [],
    aborted: 0,
    reset() {
      fake.state = defaults();
      fake.chats.length = 0;
      fake.aborted = 0;
    },
  };
  const open = new Set<ServerResponse>();
  const server: Server = createServer((req, res) => {
    open.add(res);
    res.on('close', () => open.delete(res));
    void handle(fake, req, res).catch((error: unknown) => {
      if (!res.headersSent) json(res, 500, { error: String(error) });
      else res.destroy();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(fake as FakeOllama, {
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      for (const res of open) res.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  });
}

async function handle(
  fake: Omit<FakeOllama, 'url' | 'close'>,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const { state } = fake;
  const path = (req.url ?? '').split('?')[0];
  if (req.method === 'GET' && path === '/api/version') return json(res, 200, { version: '0.12.3' });
  if (req.method === 'GET' && path === '/api/tags') {
    return json(res, 200, {
      models: state.models.map((name) => ({
        name,
        model: name,
        modified_at: new Date().toISOString(),
        size: 1_300_000_000,
        digest: 'sha256:0',
        details: { family: 'llama', parameter_size: '1B', quantization_level: 'Q4_K_M' },
      })),
    });
  }
  if (req.method === 'GET' && path === '/api/ps') {
    return json(res, 200, {
      models: state.models.slice(0, 1).map((name) => ({
        name,
        model: name,
        size: 2_000_000_000,
        size_vram: 0,
        digest: 'sha256:0',
        expires_at: new Date(Date.now() + 300_000).toISOString(),
        context_length: state.contextLength,
      })),
    });
  }
  const body = req.method === 'POST' ? (JSON.parse(await readBody(req)) as Record<string, unknown>) : {};
  const model = String(body.model ?? body.name ?? '');
  const known = state.models.includes(model);
  if (req.method === 'POST' && path === '/api/show') {
    if (!known) return json(res, 404, { error: `model '${model}' not found` });
    return json(res, 200, {
      modelfile: '',
      parameters: '',
      template: '',
      details: { family: 'llama', parameter_size: '1B', quantization_level: 'Q4_K_M' },
      model_info: { 'general.architecture': 'llama', 'llama.context_length': state.contextLength },
      capabilities: ['completion'],
    });
  }
  if (req.method === 'POST' && path === '/api/chat') {
    const request = body as unknown as ChatRequest;
    fake.chats.push(request);
    if (!known) return json(res, 404, { error: `model "${model}" not found, try pulling it first` });
    if (state.mode === 'http-error') return json(res, state.httpStatus, { error: 'out of memory' });
    res.on('close', () => {
      if (!res.writableEnded) fake.aborted += 1;
    });
    let text: string;
    if (state.garbageFirst > 0) {
      state.garbageFirst -= 1;
      text = 'Sure! Here is your summary: the team talked.';
    } else {
      switch (state.mode) {
        case 'garbage':
          text = 'Sure! Here is your summary: the team talked.';
          break;
        case 'empty':
          text = '';
          break;
        case 'echo':
          text = JSON.stringify({
            summary: request.messages.map((m) => `[${m.role}]\n${m.content}`).join('\n'),
            keyPoints: [],
            decisions: [],
            actionItems: [],
          });
          break;
        case 'ok':
        case 'slow':
        case 'silent':
          text = JSON.stringify(state.respond(request));
          break;
      }
    }
    res.writeHead(200, { 'content-type': 'application/x-ndjson' });
    const chunks = text.match(/[\s\S]{1,16}/g) ?? [];
    for (const [index, chunk] of chunks.entries()) {
      if (res.destroyed) return;
      line(res, {
        model,
        created_at: new Date().toISOString(),
        message: { role: 'assistant', content: chunk },
        done: false,
      });
      if (state.mode === 'silent' && index === 0) return; // the stream stays open with nothing more
      if (state.mode === 'slow') await new Promise((resolve) => setTimeout(resolve, state.delayMs));
    }
    line(res, {
      model,
      created_at: new Date().toISOString(),
      message: { role: 'assistant', content: '' },
      done: true,
      done_reason: 'stop',
      prompt_eval_count: 10,
      eval_count: chunks.length,
    });
    res.end();
    return;
  }
  json(res, 404, { error: 'not found' });
}

function line(res: ServerResponse, value: unknown): void {
  res.write(`${JSON.stringify(value)}\n`);
}

function json(res: ServerResponse, status: number, value: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(value));
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let data = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (data += chunk));
    req.on('end', () => resolve(data));
    req.on('error', reject);
  });
}
