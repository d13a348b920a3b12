import { z } from 'zod';
import { idParam, routeTable, textParam } from '../route.js';
import {
  aiStatusSchema,
  createSummarySchema,
  summaryJobCreatedSchema,
  summaryJobSchema,
} from '../summaries.js';

/** AI summaries through the local Ollama: queued jobs, polled here or announced by `summary:ready`. */
export const summaryRoutes = routeTable({
  create: {
    method: 'POST',
    path: '/api/rooms/:id/summaries',
    status: 202,
    summary: 'Queues a summary of the last N messages (default 100, at most 1000); needs ai.summarize',
    params: z.object({ id: idParam }),
    body: createSummarySchema,
    response: summaryJobCreatedSchema,
  },
  get: {
    method: 'GET',
    path: '/api/summaries/:jobId',
    summary: 'The job, to its requester only',
    params: z.object({ jobId: textParam }),
    response: summaryJobSchema,
  },
  cancel: {
    method: 'DELETE',
    path: '/api/summaries/:jobId',
    status: 204,
    summary: 'Cancels a queued or running job (the model call is aborted)',
    params: z.object({ jobId: textParam }),
  },
  status: {
    method: 'GET',
    path: '/api/admin/ai/status',
    summary: 'Ollama reachable, version, model present and loaded, recent failures by cause',
    response: aiStatusSchema,
  },
});
