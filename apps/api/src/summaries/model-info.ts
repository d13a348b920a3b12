import { Ollama } from 'ollama';
import { classify } from './ollama-call.js';

const TIMEOUT_MS = 10_000;

/** A client for the short calls (show, tags, ps, version), each bounded by a timeout. */
export function quickClient(host: string): Ollama {
  return new Ollama({
    host,
    fetch: (input, init) => fetch(input, { ...init, signal: AbortSignal.timeout(TIMEOUT_MS) }),
  });
}

/** The model's real context window from `/api/show` (`<architecture>.context_length`). */
export async function contextLength(host: string, model: string): Promise<number | null> {
  try {
    const shown = await quickClient(host).show({ model });
    const info = shown.model_info as unknown as Record<string, unknown> | undefined;
    if (!info) return null;
    const key = Object.keys(info).find((k) => k.endsWith('.context_length'));
    const value = key ? info[key] : undefined;
    return typeof value === 'number' && value > 0 ? value : null;
  } catch (error) {
    throw classify(error, { model, host });
  }
}
