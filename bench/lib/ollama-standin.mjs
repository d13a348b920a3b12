// A stand-in Ollama for the AI benchmark: answers every chat in a fixed time (the "model's time"),
// streaming a valid summary in evenly spaced chunks, and records when each call started and ended,
// so the benchmark can tell the model's time from the pipeline's own. Accepts any model name.
import { createServer } from 'node:http';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';

export async function startOllamaStandin({ callMs, chunks = 40, contextLength = 8192 }) {
  const calls = [];
  const timing = { callMs };
  const server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c) => (body += c));
    req.on('end', () => void answer(req, res, body).catch(() => res.destroy()));
  });
  async function answer(req, res, body) {
    const json = (status, value) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(value));
    };
    const path = (req.url ?? '').split('?')[0];
    if (path === '/api/version') return json(200, { version: 'standin' });
    if (path === '/api/tags' || path === '/api/ps') return json(200, { models: [] });
    if (path === '/api/show')
      return json(200, {
        model_info: { 'general.architecture': 'llama', 'llama.context_length': contextLength },
      });
    if (path !== '/api/chat') return json(404, { error: 'not found' });
    const call = { start: performance.now(), end: 0 };
    calls.push(call);
    const request = JSON.parse(body);
    const prompt = request.messages.map((m) => m.content).join('\n');
    const id = Number(/"(?:id|messageIds)":\[?(\d+)/.exec(prompt)?.[1] ?? 0);
    const text = JSON.stringify({
      summary: 'The team agreed on the plan and its owners.',
      keyPoints: [{ text: 'The first message was said.', messageIds: [id] }],
      decisions: [],
      actionItems: [],
    });
    const size = Math.ceil(text.length / chunks);
    res.writeHead(200, { 'content-type': 'application/x-ndjson' });
    const line = (content, done) =>
      res.write(
        `${JSON.stringify({ model: request.model, message: { role: 'assistant', content }, done })}\n`,
      );
    for (let i = 0; i < chunks; i++) {
      await sleep(timing.callMs / chunks);
      if (res.destroyed) return;
      line(text.slice(i * size, (i + 1) * size), false);
    }
    line('', true);
    call.end = performance.now();
    res.end();
  }
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    calls,
    /** Changeable between phases. */
    timing,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
