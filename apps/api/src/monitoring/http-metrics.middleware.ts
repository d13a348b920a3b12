import type { NextFunction, Request, Response } from 'express';
import type { MonitoringMetrics } from './monitoring-metrics.service.js';

/**
 * Times every HTTP response. Labels use the route pattern Express matched (`/api/rooms/:id`), so ids
 * never multiply the series; anything no route matched (static files, 404s) shares one label.
 */
export function httpMetricsMiddleware(metrics: MonitoringMetrics) {
  return (request: Request, response: Response, next: NextFunction): void => {
    const started = process.hrtime.bigint();
    response.once('finish', () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const pattern = (request.route as { path?: unknown } | undefined)?.path;
      const route = typeof pattern === 'string' ? `${request.baseUrl}${pattern}` : '(unmatched)';
      metrics.recordHttp(request.method, route, response.statusCode, seconds);
    });
    next();
  };
}
