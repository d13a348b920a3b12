import type { AiDiagnostics, DiagnosticFinding } from '@atrio/protocol';

type AiFigures = Omit<AiDiagnostics, 'findings'>;

const MIB = 1024 * 1024;
/** Below this much free memory a model (even a 1B one needs about 1.3 GiB) may fail to load. */
export const LOW_MEMORY_BYTES = 1024 * MIB;
/** A context window smaller than this cuts long conversations into many chunks. */
const SMALL_CONTEXT = 8192;

const finding = (
  severity: DiagnosticFinding['severity'],
  code: string,
  params: DiagnosticFinding['params'] = {},
): DiagnosticFinding => ({ severity, code, params });

const mib = (bytes: number) => Math.round(bytes / MIB);

/** Whether an Ollama address names this machine, so this server's memory is the one Ollama uses. */
export function isLoopbackHost(host: string): boolean {
  try {
    const { hostname } = new URL(host);
    return ['localhost', '127.0.0.1', '::1', '[::1]', '0.0.0.0'].includes(hostname);
  } catch {
    return false;
  }
}

/**
 * The likely causes of "the AI does not answer" (manual §9.1) in these figures, worst first:
 * nothing at OLLAMA_HOST, the model not pulled, out of memory, timeouts, unusable answers.
 */
export function aiFindings(figures: AiFigures): DiagnosticFinding[] {
  const { status } = figures;
  const failures = (code: string) => status.recentFailures[code] ?? 0;
  const out: DiagnosticFinding[] = [];
  const freeMib = mib(figures.serverMemory.freeBytes);
  if (!status.reachable) {
    const params = { host: status.host, error: status.error ?? '' };
    out.push(finding('problem', figures.ollamaLocal ? 'ai_down_local' : 'ai_down_remote', params));
    return out;
  }
  if (!status.modelPresent) {
    out.push(finding('problem', 'ai_model_missing', { model: status.model, host: status.host }));
  }
  const httpErrors = failures('AI_HTTP_ERROR');
  const lowMemory = figures.ollamaLocal && figures.serverMemory.freeBytes < LOW_MEMORY_BYTES;
  if (httpErrors > 0) {
    out.push(
      finding(lowMemory ? 'problem' : 'warning', lowMemory ? 'ai_out_of_memory' : 'ai_http_errors', {
        count: httpErrors,
        free: freeMib,
      }),
    );
  } else if (lowMemory) {
    out.push(finding('warning', 'ai_memory_low', { free: freeMib }));
  }
  const timeouts = failures('AI_TIMEOUT');
  if (timeouts > 0) {
    const onCpu = status.loaded.some((m) => m.name === status.model && m.vramBytes === 0);
    out.push(finding('warning', onCpu ? 'ai_timeouts_cpu' : 'ai_timeouts', { count: timeouts }));
  }
  const badOutput = failures('AI_BAD_OUTPUT') + failures('AI_EMPTY_OUTPUT');
  if (badOutput > 0) out.push(finding('warning', 'ai_bad_output', { count: badOutput, model: status.model }));
  const { queued, max } = status.queue;
  if (max > 0 && queued >= max) out.push(finding('warning', 'ai_queue_full', { queued, max }));
  const unreachable = failures('AI_UNREACHABLE');
  if (unreachable > 0) out.push(finding('info', 'ai_was_unreachable', { count: unreachable }));
  const missingBefore = status.modelPresent ? failures('AI_MODEL_MISSING') : 0;
  if (missingBefore > 0) out.push(finding('info', 'ai_was_missing', { count: missingBefore }));
  if (status.contextLength !== null && status.contextLength < SMALL_CONTEXT)
    out.push(finding('info', 'ai_small_context', { tokens: status.contextLength }));
  if (out.every((f) => f.severity === 'info')) {
    const loaded = status.loaded.some((m) => m.name === status.model);
    out.unshift(
      finding('ok', loaded ? 'ai_ok_loaded' : 'ai_ok', {
        model: status.model,
        version: status.version ?? '',
      }),
    );
  }
  return out;
}
