import { Injectable } from '@nestjs/common';
import type { AiDiagnostics } from '@atrio/protocol';
import { freemem, totalmem } from 'node:os';
import { AiStatusService } from '../summaries/ai-status.service.js';
import { aiFindings, isLoopbackHost } from './ai-findings.js';

/** §9.1 "AI not answering" from the live AI status and this machine's memory. */
@Injectable()
export class AiDiagnosticsService {
  constructor(private readonly aiStatus: AiStatusService) {}

  async ai(): Promise<AiDiagnostics> {
    const status = await this.aiStatus.status();
    const figures = {
      status,
      ollamaLocal: isLoopbackHost(status.host),
      serverMemory: { freeBytes: freemem(), totalBytes: totalmem() },
    };
    return { ...figures, findings: aiFindings(figures) };
  }
}
