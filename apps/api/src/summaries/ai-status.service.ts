import { Inject, Injectable } from '@nestjs/common';
import type { AiStatus } from '@atrio/protocol';
import { ATRIO_CONFIG, type AtrioConfig } from '../config/atrio-config.js';
import { SettingsService } from '../settings/settings.service.js';
import { AI_SUMMARY_LIMITS } from './ai-settings.js';
import { AiOutcomes } from './ai-outcomes.js';
import { contextLength, quickClient } from './model-info.js';
import { SummaryJobsService } from './summary-jobs.service.js';

/** What an administrator needs to see when the AI does not answer. */
@Injectable()
export class AiStatusService {
  constructor(
    private readonly jobs: SummaryJobsService,
    private readonly outcomes: AiOutcomes,
    private readonly settings: SettingsService,
    @Inject(ATRIO_CONFIG) private readonly config: Pick<AtrioConfig, 'ollamaHost' | 'aiModel'>,
  ) {}

  async status(): Promise<AiStatus> {
    const { ollamaHost: host, aiModel: model } = this.config;
    const limits = await this.settings.get(AI_SUMMARY_LIMITS);
    const base: AiStatus = {
      host,
      model,
      reachable: false,
      version: null,
      modelPresent: false,
      contextLength: null,
      loaded: [],
      queue: { ...this.jobs.counts(), max: limits.maxQueue },
      recentFailures: this.outcomes.failuresByCause(),
    };
    const client = quickClient(host);
    try {
      const { version } = await client.version();
      const [tags, ps] = await Promise.all([client.list(), client.ps()]);
      const modelPresent = tags.models.some((m) => m.name === model || m.model === model);
      return {
        ...base,
        reachable: true,
        version,
        modelPresent,
        contextLength: modelPresent ? await contextLength(host, model).catch(() => null) : null,
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
