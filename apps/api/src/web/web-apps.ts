import type { NextFunction, Request, Response } from 'express';
import express from 'express';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../config/project-root.js';

/** Paths owned by the server itself; everything else is one of the two web apps. */
const SERVER_PATHS = /^\/(api|socket\.io|metrics)(\/|$)/;

interface WebApp {
  mount: string;
  dir: string;
}

const APPS: WebApp[] = [
  { mount: '/admin', dir: join(PROJECT_ROOT, 'apps/console/dist') },
  { mount: '/', dir: join(PROJECT_ROOT, 'apps/chat-web/dist') },
];

/**
 * Serves the console at /admin and the chat client at /, each a single-page app: a GET for an
 * unknown path under its mount answers its index.html. Registered before Nest's routes.
 */
export function webAppsMiddleware(): express.RequestHandler {
  const handlers = APPS.map((app) => ({
    ...app,
    statics: express.static(app.dir, { index: 'index.html', fallthrough: true, maxAge: '1h' }),
    index: join(app.dir, 'index.html'),
  }));
  return (req: Request, res: Response, next: NextFunction) => {
    if (SERVER_PATHS.test(req.path) || (req.method !== 'GET' && req.method !== 'HEAD')) return next();
    const app = handlers.find(
      (h) => h.mount === '/' || req.path === h.mount || req.path.startsWith(`${h.mount}/`),
    );
    if (!app) return next();
    if (app.mount !== '/' && req.path === app.mount) return res.redirect(301, `${app.mount}/`);
    const url = req.url;
    req.url = app.mount === '/' ? url : url.slice(app.mount.length) || '/';
    app.statics(req, res, () => {
      req.url = url;
      if (!existsSync(app.index)) {
        res.status(503).type('text/plain').send('This web app has not been built yet: run npm start.');
        return;
      }
      res.set('Cache-Control', 'no-cache').sendFile(app.index);
    });
  };
}
