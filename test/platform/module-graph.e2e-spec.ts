import type { INestApplicationContext } from '@nestjs/common';
import { ModulesContainer } from '@nestjs/core';
import { DemoModule, DemoSeeder, WorldModule, WorldWriter } from '@perkrank/demo';
import { createTestApp } from '@perkrank/testing';

/** What is in a booted application's Nest container: module names and provider names. */
function container(app: INestApplicationContext): { modules: string[]; providers: string[] } {
  const modules = [...app.get(ModulesContainer).values()];
  return {
    modules: modules.map((m) => m.metatype.name),
    providers: modules.flatMap((m) =>
      [...m.providers.values()].map((p) => (typeof p.token === 'function' ? p.token.name : String(p.token))),
    ),
  };
}

/** Issue #15, item 4: the demo and the synthetic world are in the module graph only when the demo is on. */
describe('the demo in the module graph', () => {
  const PRODUCTION = { NODE_ENV: 'production', PSEUDONYM_KEY: 'p'.repeat(64) };

  it.each([
    ['NODE_ENV=production', PRODUCTION],
    ['PERKRANK_DEMO=false', { PERKRANK_DEMO: 'false' }],
  ])('with %s: no DemoModule, no seeder, no world writer', async (_label, env) => {
    const t = await createTestApp({ env });
    try {
      const { modules, providers } = container(t.app);
      expect(modules).toContain('ScoresModule'); // the real graph was looked at
      expect(modules).not.toContain(DemoModule.name);
      expect(modules).not.toContain(WorldModule.name);
      expect(providers).toContain('ScoringRunService');
      expect(providers).not.toContain(DemoSeeder.name);
      expect(providers).not.toContain(WorldWriter.name);
      expect(() => t.app.get(DemoSeeder, { strict: false })).toThrow();
      expect(() => t.app.get(WorldWriter, { strict: false })).toThrow();
    } finally {
      await t.close();
    }
  });

  it('with the demo on (development default), the seeder and the world writer are there', async () => {
    const t = await createTestApp();
    try {
      const { modules, providers } = container(t.app);
      expect(modules).toEqual(expect.arrayContaining([DemoModule.name, WorldModule.name]));
      expect(providers).toEqual(expect.arrayContaining([DemoSeeder.name, WorldWriter.name]));
      expect(t.app.get(DemoSeeder)).toBeInstanceOf(DemoSeeder);
    } finally {
      await t.close();
    }
  });
});
