import { Ollama } from 'ollama';
import { SummaryFailure } from './summary-failure.js';

export interface ChatCall {
  host: string;
  model: string;
  system: string;
  user: string;
  format: object;
  numCtx: number;
  silenceMs: number;
  /** Aborted when the job is cancelled. */
  signal: AbortSignal;
  onText?: (textSoFar: string) => void;
}

/**
 * One streamed `/api/chat` on its own client (`abort()` cancels every stream of a client). The
 * timeout is on silence, not total time: a long but progressing answer completes. Our own fetch
 * carries the job's signal so a cancel or a timeout also ends a request still waiting for headers
 * (the client's own abort only reaches streams it has already started).
 */
export async function streamChat(call: ChatCall): Promise<string> {
  const local = new AbortController();
  const signal = AbortSignal.any([call.signal, local.signal]);
  const client = new Ollama({
    host: call.host,
    fetch: (input, init) =>
      fetch(input, { ...init, signal: init?.signal ? AbortSignal.any([init.signal, signal]) : signal }),
  });
  let timedOut = false;
  let timer: NodeJS.Timeout | undefined;
  const arm = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      timedOut = true;
      local.abort();
      client.abort();
    }, call.silenceMs);
  };
  const onCancel = () => client.abort();
  call.signal.addEventListener('abort', onCancel);
  let text = '';
  try {
    arm();
    const stream = await client.chat({
      model: call.model,
      stream: true,
      format: call.format,
      options: { num_ctx: call.numCtx, temperature: 0.2 },
      messages: [
        { role: 'system', content: call.system },
        { role: 'user', content: call.user },
      ],
    });
    for await (const part of stream) {
      arm();
      if (part.message?.content) {
        text += part.message.content;
        call.onText?.(text);
      }
      if (part.done) break;
    }
    // The client ends the loop quietly when aborted: only a real end is an answer.
    if (signal.aborted) throw signal.reason ?? new Error('aborted');
    return text;
  } catch (error) {
    throw classify(error, {
      timedOut,
      cancelled: call.signal.aborted,
      silenceMs: call.silenceMs,
      model: call.model,
      host: call.host,
    });
  } finally {
    clearTimeout(timer);
    call.signal.removeEventListener('abort', onCancel);
  }
}

export function classify(
  error: unknown,
  context: { timedOut?: boolean; cancelled?: boolean; silenceMs?: number; model: string; host: string },
): SummaryFailure {
  if (error instanceof SummaryFailure) return error;
  if (context.cancelled) return new SummaryFailure('CANCELLED', 'The summary was cancelled.');
  if (context.timedOut) {
    return new SummaryFailure(
      'AI_TIMEOUT',
      `The AI model wrote nothing for ${Math.round((context.silenceMs ?? 0) / 1000)} s; the summary was stopped.`,
    );
  }
  const status = (error as { status_code?: unknown }).status_code;
  const message = error instanceof Error ? error.message : String(error);
  if (typeof status === 'number') {
    if (status === 404 && /not found/i.test(message)) {
      return new SummaryFailure(
        'AI_MODEL_MISSING',
        `The AI model “${context.model}” is not installed on the Ollama server (ollama pull ${context.model}).`,
      );
    }
    return new SummaryFailure(
      'AI_HTTP_ERROR',
      `The Ollama server answered HTTP ${status}: ${message.slice(0, 200)}`,
    );
  }
  return new SummaryFailure('AI_UNREACHABLE', `The Ollama server at ${context.host} cannot be reached.`);
}
