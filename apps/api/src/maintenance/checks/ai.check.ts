import { Inject, Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { AiStatus, DiagnosticFinding, LocalizedText } from '@atrio/protocol';
import { freemem, totalmem } from 'node:os';
import { ATRIO_CONFIG, type AtrioConfig } from '../../config/atrio-config.js';
import { aiFindings, isLoopbackHost } from '../../diagnostics/ai-findings.js';
import { AiStatusService } from '../../summaries/ai-status.service.js';
import { quickClient } from '../../summaries/model-info.js';
import { lazyService } from './lazy-service.js';
import { type CheckResult, joinText, type RoutineCheck } from './routine-check.js';

type Params = DiagnosticFinding['params'];

/** "1 resumen falló" / "3 resúmenes fallaron": the Spanish verb agrees with the count. */
function summariesEs(count: Params[string] | undefined, one: string, many: string): string {
  return Number(count) === 1 ? `1 resumen ${one}` : `${count} resúmenes ${many}`;
}

/** The routine's sentence for each finding worth a warning (the console's Diagnostics page says more). */
const SENTENCES: Record<string, (p: Params) => LocalizedText> = {
  ai_down_local: (p) => ({
    en: `Nothing answers at ${p.host} (${p.error}): start Ollama on this machine ("systemctl start ollama" or "ollama serve"), or correct OLLAMA_HOST.`,
    es: `Nada responde en ${p.host} (${p.error}): arrancar Ollama en esta máquina («systemctl start ollama» u «ollama serve») o corregir OLLAMA_HOST.`,
  }),
  ai_down_remote: (p) => ({
    en: `Nothing answers at ${p.host} (${p.error}): is Ollama running on that machine and listening on the network (OLLAMA_HOST=0.0.0.0 there)? Is OLLAMA_HOST right here?`,
    es: `Nada responde en ${p.host} (${p.error}): ¿está Ollama en marcha en esa máquina y escuchando en la red (OLLAMA_HOST=0.0.0.0 allí)? ¿Es correcto OLLAMA_HOST en este servidor?`,
  }),
  ai_model_missing: (p) => ({
    en: `The model ${p.model} is not pulled on ${p.host}: run "ollama pull ${p.model}" there.`,
    es: `El modelo ${p.model} no está descargado en ${p.host}: ejecutar «ollama pull ${p.model}» allí.`,
  }),
  ai_out_of_memory: (p) => ({
    en: `${p.count} summaries failed with an error from Ollama and only ${p.free} MiB of memory is free: the model does not fit; free memory or choose a smaller model.`,
    es: `${summariesEs(p.count, 'falló', 'fallaron')} con un error de Ollama y solo quedan ${p.free} MiB de memoria libres: el modelo no cabe; liberar memoria o elegir un modelo más pequeño.`,
  }),
  ai_http_errors: (p) => ({
    en: `${p.count} summaries failed with an error from Ollama (often out of memory on its machine): see its log ("journalctl -u ollama").`,
    es: `${summariesEs(p.count, 'falló', 'fallaron')} con un error de Ollama (a menudo por falta de memoria en su máquina): consultar el registro de Ollama («journalctl -u ollama»).`,
  }),
  ai_memory_low: (p) => ({
    en: `Only ${p.free} MiB of memory is free on this machine, where Ollama runs: the model may not load.`,
    es: `Solo quedan ${p.free} MiB de memoria libres en esta máquina, donde corre Ollama: puede que el modelo no llegue a cargarse.`,
  }),
  ai_timeouts: (p) => ({
    en: `${p.count} summaries timed out waiting for the model: Ollama is overloaded or the model is too large.`,
    es: `${summariesEs(p.count, 'agotó', 'agotaron')} el tiempo de espera del modelo: Ollama está sobrecargado o el modelo es demasiado grande.`,
  }),
  ai_timeouts_cpu: (p) => ({
    en: `${p.count} summaries timed out; the model runs on the CPU only: choose a smaller model or raise silenceSeconds in ai.summaries.`,
    es: `${summariesEs(p.count, 'agotó', 'agotaron')} el tiempo de espera y el modelo corre solo en la CPU: elegir un modelo más pequeño o subir silenceSeconds en ai.summaries.`,
  }),
  ai_bad_output: (p) => ({
    en: `${p.count} summaries failed because ${p.model} did not answer valid JSON: choose a more capable model.`,
    es: `${summariesEs(p.count, 'falló', 'fallaron')} porque ${p.model} no respondió con un JSON válido: elegir un modelo más capaz.`,
  }),
  ai_queue_full: (p) => ({
    en: `The summary queue is full (${p.queued} of ${p.max}).`,
    es: `La cola de resúmenes está llena (${p.queued} de ${p.max}).`,
  }),
};

/**
 * §9.1 "AI not answering", checked every day: Ollama reachable, the model pulled, no failures by
 * memory, timeouts or unusable answers. The chat works without the AI (and extractive summaries
 * need none), so a problem nobody ran into in the last 24 hours is a warning; it fails the
 * routine (and raises the alert) only when summaries requested in that time failed.
 */
@Injectable()
export class AiCheck implements RoutineCheck {
  readonly id = 'ai.status';

  private readonly aiStatus: () => AiStatusService | null;

  constructor(
    moduleRef: ModuleRef,
    @Inject(ATRIO_CONFIG) private readonly config: Pick<AtrioConfig, 'ollamaHost' | 'aiModel'>,
  ) {
    this.aiStatus = lazyService(moduleRef, AiStatusService);
  }

  async run(): Promise<CheckResult> {
    const status = (await this.aiStatus()?.status()) ?? (await this.probe());
    const findings = aiFindings({
      status,
      ollamaLocal: isLoopbackHost(status.host),
      serverMemory: { freeBytes: freemem(), totalBytes: totalmem() },
    });
    const failures = Object.values(status.recentFailures).reduce((sum, n) => sum + n, 0);
    const figures = {
      host: status.host,
      model: status.model,
      reachable: status.reachable,
      version: status.version,
      modelPresent: status.modelPresent,
      modelLoaded: status.loaded.some((m) => m.name === status.model),
      failures24h: failures,
      findings: findings.map((f) => f.code).join(', '),
    };
    const worrying = findings.filter((f) => f.severity === 'problem' || f.severity === 'warning');
    if (worrying.length === 0) {
      const where = figures.modelLoaded ? 'loaded' : 'pulled';
      const version = status.version ? ` ${status.version}` : '';
      return {
        status: 'ok',
        message: {
          en: `Ollama ${status.version ?? ''} answers at ${status.host} and ${status.model} is ${where}; no failed summary in the last 24 h.`,
          es: `Ollama${version} responde en ${status.host} y ${status.model} está ${figures.modelLoaded ? 'cargado en memoria' : 'descargado'}; ningún resumen ha fallado en las últimas 24 h.`,
        },
        figures,
      };
    }
    const problem = worrying.some((f) => f.severity === 'problem');
    return {
      status: problem && failures > 0 ? 'failed' : 'warning',
      message: joinText(
        worrying.map((f) => SENTENCES[f.code]?.(f.params) ?? { en: f.code, es: f.code }),
        ' ',
      ),
      figures,
    };
  }

  /** The admin CLI runs no summaries: it asks Ollama itself. */
  private async probe(): Promise<AiStatus> {
    const { ollamaHost: host, aiModel: model } = this.config;
    const base: AiStatus = {
      host,
      model,
      reachable: false,
      version: null,
      modelPresent: false,
      contextLength: null,
      loaded: [],
      queue: { queued: 0, running: 0, max: 0 },
      recentFailures: {},
    };
    const client = quickClient(host);
    try {
      const { version } = await client.version();
      const [tags, ps] = await Promise.all([client.list(), client.ps()]);
      return {
        ...base,
        reachable: true,
        version,
        modelPresent: tags.models.some((m) => m.name === model || m.model === model),
        loaded: ps.models.map((m) => ({
          name: m.name,
          sizeBytes: m.size,
          vramBytes: m.size_vram,
          expiresAt: new Date(m.expires_at).toISOString(),
        })),
      };
    } catch (error) {
      return { ...base, error: error instanceof Error ? error.message : String(error) };
    }
  }
}
