import { streamChat } from './ollama-call.js';
import { SummaryFailure } from './summary-failure.js';
import {
  answerFormat,
  chunk,
  estimateTokens,
  mapPrompt,
  messageBudget,
  messageLine,
  type ModelAnswer,
  parseAnswer,
  type PromptMessage,
  reducePrompt,
} from './summary-prompt.js';

export interface PipelineInput {
  host: string;
  model: string;
  numCtx: number;
  silenceMs: number;
  signal: AbortSignal;
  onText?: (textSoFar: string) => void;
}

/**
 * Map-reduce when the messages do not fit the context: every chunk is summarised, then the partial
 * summaries are merged (in groups again if even they do not fit). Nothing is ever cut off.
 */
export async function summarise(
  input: PipelineInput,
  messages: PromptMessage[],
): Promise<{ answer: ModelAnswer; calls: number }> {
  const budget = messageBudget(input.numCtx);
  const groups = chunk(messages, (m) => estimateTokens(messageLine(m)), budget);
  let calls = 0;
  const ask = async (prompt: { system: string; user: string }) => {
    calls += 1;
    return askValid(input, prompt);
  };
  let parts: ModelAnswer[] = [];
  for (const group of groups) parts.push(await ask(mapPrompt(group)));
  while (parts.length > 1) {
    const merged: ModelAnswer[] = [];
    const partGroups = chunk(parts, (p) => estimateTokens(JSON.stringify(p)), budget);
    // Two partials that each fill the budget still have to be merged: pair them rather than loop.
    const groupsToMerge = partGroups.length === parts.length ? pairs(parts) : partGroups;
    for (const group of groupsToMerge)
      merged.push(group.length === 1 ? group[0]! : await ask(reducePrompt(group)));
    parts = merged;
  }
  return { answer: parts[0]!, calls };
}

/** One model call, retried once when the answer is empty or not the JSON asked for. */
async function askValid(
  input: PipelineInput,
  prompt: { system: string; user: string },
): Promise<ModelAnswer> {
  let last: { empty: boolean; reason: string } | undefined;
  for (let attempt = 0; attempt < 2; attempt += 1) {
    const text = await streamChat({ ...input, ...prompt, format: answerFormat });
    const parsed = parseAnswer(text);
    if (parsed.ok) return parsed.answer;
    last = parsed;
  }
  if (last?.empty) throw new SummaryFailure('AI_EMPTY_OUTPUT', 'The AI model answered nothing, twice.');
  throw new SummaryFailure(
    'AI_BAD_OUTPUT',
    `The AI model's answer was unusable twice (${last?.reason ?? 'unknown'}).`,
  );
}

function pairs<T>(items: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += 2) out.push(items.slice(i, i + 2));
  return out;
}
