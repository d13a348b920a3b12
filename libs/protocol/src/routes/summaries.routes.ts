import { z } from 'zod';
import { idParam, routeTable, textParam } from '../route.js';
import {
  aiStatusSchema,
  createSummarySchema,
  roomDigestSchema,
  summaryJobCreatedSchema,
  summaryJobSchema,
  summaryListSchema,
  updateRoomDigestSchema,
} from '../summaries.js';

/** AI summaries through the local Ollama: queued jobs, polled here or announced by `summary:ready`. */
export const summaryRoutes = routeTable({
  create: {
    method: 'POST',
    path: '/api/rooms/:id/summaries',
    status: 202,
    summary:
      'Queues a summary of the last N messages (default 100, at most 1000), the unread ones, or a time range (since/until); needs ai.summarize',
    params: z.object({ id: idParam }),
    body: createSummarySchema,
    response: summaryJobCreatedSchema,
  },
  list: {
    method: 'GET',
    path: '/api/rooms/:id/summaries',
    summary: "The caller's summaries of the room and its digests (the last 20, newest first)",
    params: z.object({ id: idParam }),
    response: summaryListSchema,
  },
  get: {
    method: 'GET',
    path: '/api/summaries/:jobId',
    summary: 'The job, to its requester only (a digest: to every reader of the room)',
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
  digest: {
    method: 'GET',
    path: '/api/rooms/:id/digest',
    summary: "The room's daily digest setting (readers of the room)",
    params: z.object({ id: idParam }),
    response: roomDigestSchema,
  },
  setDigest: {
    method: 'PUT',
    path: '/api/rooms/:id/digest',
    summary: "Turns the room's daily digest on or off and sets its time; owners of the room only",
    params: z.object({ id: idParam }),
    body: updateRoomDigestSchema,
    response: roomDigestSchema,
  },
  status: {
    method: 'GET',
    path: '/api/admin/ai/status',
    summary: 'Ollama reachable, version, model present and loaded, recent failures by cause',
    response: aiStatusSchema,
  },
});
