import { z } from 'zod';
import { aiStatusSchema } from './summaries.js';

/** How bad a finding is; the console shows the worst first. */
export const DIAGNOSTIC_SEVERITIES = ['problem', 'warning', 'info', 'ok'] as const;

/**
 * One likely cause found in the live figures. `code` names it (the console has a sentence for
 * each, in both languages); `params` are the figures the sentence quotes.
 */
export const diagnosticFindingSchema = z.object({
  severity: z.enum(DIAGNOSTIC_SEVERITIES),
  code: z.string(),
  params: z.record(z.string(), z.union([z.string(), z.number()])),
});
export type DiagnosticFinding = z.infer<typeof diagnosticFindingSchema>;

const count = z.number().int().nonnegative();

/** §9.1 "connection refused": what the server listens on, its certificate, and recent refusals. */
export const connectionDiagnosticsSchema = z.object({
  listening: z.object({ host: z.string(), port: z.number().int() }),
  /** The host name the caller used to reach the server (its Host header). */
  reachedAs: z.string(),
  certificate: z.object({
    daysLeft: z.number().int(),
    names: z.array(z.string()),
    coversReachedAs: z.boolean(),
    selfSigned: z.boolean(),
  }),
  /** Connections and socket handshakes refused since the server started (newest first, at most 50). */
  refusals: z.array(
    z.object({
      at: z.iso.datetime(),
      kind: z.enum(['connection', 'socket']),
      reason: z.string(),
      address: z.string().nullable(),
    }),
  ),
  findings: z.array(diagnosticFindingSchema),
});
export type ConnectionDiagnostics = z.infer<typeof connectionDiagnosticsSchema>;

/** §9.1 "authentication failing": the last 24 hours of failed sign-ins, locks and throttles. */
export const authenticationDiagnosticsSchema = z.object({
  since: z.iso.datetime(),
  failures: count,
  byReason: z.array(z.object({ reason: z.string(), count })),
  byAddress: z.array(z.object({ ip: z.string(), count })),
  /** Failures for user names that have no account. */
  unknownNames: count,
  lockedAccounts: count,
  throttledAddresses: count,
  /** The server's clock: 2FA codes fail when a phone's clock is far from it. */
  serverTime: z.iso.datetime(),
  findings: z.array(diagnosticFindingSchema),
});
export type AuthenticationDiagnostics = z.infer<typeof authenticationDiagnosticsSchema>;

/**
 * §9.1 "AI not answering": the AI status (Ollama reachable, version, model present, loaded
 * models, recent failures by cause), this server's memory (it matters when Ollama runs here too),
 * and the likely causes.
 */
export const aiDiagnosticsSchema = z.object({
  status: aiStatusSchema,
  /** Whether OLLAMA_HOST points at this machine (loopback), so this server's memory is Ollama's. */
  ollamaLocal: z.boolean(),
  serverMemory: z.object({ freeBytes: z.number().nonnegative(), totalBytes: z.number().nonnegative() }),
  findings: z.array(diagnosticFindingSchema),
});
export type AiDiagnostics = z.infer<typeof aiDiagnosticsSchema>;
