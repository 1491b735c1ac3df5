/**
 * Serves the built web app (apps/web → dist/web) from the API process, same origin as /v1: the
 * hashed assets under /assets with long-lived caching, and index.html for any page a browser asks
 * for (client-side routes such as /perks or /claims/…). API paths, /docs and /health never fall
 * back to the page, and a request below the root that does not ask for HTML (curl, fetch,
 * supertest) keeps the JSON 404; the root itself is the app for every client. Without a build (tests, a bare `nest build`) nothing is served and nothing changes.
 */
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

const NOT_PAGES = /^\/(v1|docs|docs-json|health|assets)(\/|$)/;

/** dist/web of the checkout this code runs from (source or compiled), if the web app is built. */
export function findWebDir(start: string = __dirname): string | undefined {
  for (let dir = start; ; dir = dirname(dir)) {
    const candidate = join(dir, 'dist', 'web');
    if (existsSync(join(candidate, 'index.html'))) return candidate;
    if (dirname(dir) === dir) return undefined;
  }
}

export function serveWebApp(app: NestExpressApplication, webDir: string | undefined): boolean {
  if (!webDir) return false;
  app.useStaticAssets(join(webDir, 'assets'), {
    prefix: '/assets/',
    index: false,
    immutable: true,
    maxAge: '365d',
    fallthrough: true,
  });
  const index = join(webDir, 'index.html');
  const favicon = join(webDir, 'favicon.svg');
  app.use((req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    if (req.path === '/favicon.svg' || req.path === '/favicon.ico') {
      res.setHeader('Cache-Control', 'public, max-age=86400');
      return res.sendFile(favicon);
    }
    // The root is the app for any client (a link checker, `curl localhost:3000/`); deeper paths
    // only for a browser asking for a page.
    const wantsPage = req.path === '/' || (req.headers.accept ?? '').includes('text/html');
    if (!wantsPage || NOT_PAGES.test(req.path) || /\.[a-z0-9]+$/i.test(req.path)) return next();
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(index);
  });
  return true;
}
