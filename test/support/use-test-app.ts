import { createTestApp, type TestApp, type TestAppOptions } from './app';

/**
 * One app for a describe block: started before its tests, closed after them. The returned object
 * stands for the app once it has started (reading it before `beforeAll` ran is an error).
 */
export function useTestApp(options?: TestAppOptions): TestApp {
  let app: TestApp | undefined;
  beforeAll(async () => {
    app = await createTestApp(options);
  });
  afterAll(async () => {
    await app?.close();
  });
  return new Proxy({} as TestApp, {
    get(_, key) {
      if (!app) throw new Error('useTestApp: the app is used before beforeAll started it');
      return app[key as keyof TestApp];
    },
  });
}
