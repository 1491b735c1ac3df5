import { Controller, Get } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { serveWebApp } from './web-app';

@Controller('v1')
class PingController {
  @Get('ping')
  ping(): { ok: true } {
    return { ok: true };
  }
}

describe('serveWebApp', () => {
  let dir: string;
  let app: NestExpressApplication;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'perkrank-web-'));
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><div id="root"></div>');
    writeFileSync(join(dir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    writeFileSync(join(dir, 'assets', 'index-abc.js'), 'console.log(1)');
    const module = await Test.createTestingModule({ controllers: [PingController] }).compile();
    app = module.createNestApplication<NestExpressApplication>({ logger: false });
    expect(serveWebApp(app, dir)).toBe(true);
    await app.init();
  });

  afterAll(async () => {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers a browser on any page path with index.html, uncached', async () => {
    for (const path of ['/', '/perks', '/claims/0190a1b2-0000-7000-8000-000000000000']) {
      const res = await request(app.getHttpServer()).get(path).set('Accept', 'text/html,*/*').expect(200);
      expect(res.text).toContain('<div id="root">');
      expect(res.headers['cache-control']).toBe('no-cache');
    }
  });

  it('serves hashed assets for a year, and a missing asset is a 404, not the page', async () => {
    const res = await request(app.getHttpServer()).get('/assets/index-abc.js').expect(200);
    expect(res.headers['cache-control']).toContain('immutable');
    await request(app.getHttpServer()).get('/assets/missing.js').set('Accept', 'text/html').expect(404);
  });

  it('leaves the API alone: routes answer, unknown API paths and non-HTML requests get no page', async () => {
    await request(app.getHttpServer()).get('/v1/ping').set('Accept', 'text/html').expect(200, { ok: true });
    const api = await request(app.getHttpServer()).get('/v1/nope').set('Accept', 'text/html').expect(404);
    expect(api.text).not.toContain('<div id="root">');
    const curl = await request(app.getHttpServer()).get('/perks').expect(404);
    expect(curl.text).not.toContain('<div id="root">');
  });

  it('answers the root with the app for any client, not only a browser', async () => {
    const res = await request(app.getHttpServer()).get('/').expect(200);
    expect(res.text).toContain('<div id="root">');
  });

  it('serves nothing without a build', () => {
    expect(serveWebApp(app, undefined)).toBe(false);
  });
});
