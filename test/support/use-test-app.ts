import { createTestApp, type TestApp, type TestAppOptions } from './app';
import { type BrandFixture, type Client, newAdmin, newBrand } from './factories';

/**
 * A value a describe block's tests share: made before them, disposed of after them. The returned
 * object stands for the value once made (reading it before `beforeAll` ran is an error).
 */
export function beforeAllValue<T extends object>(
  name: string,
  make: () => Promise<T>,
  dispose?: (value: T) => Promise<void>,
): T {
  let value: T | undefined;
  beforeAll(async () => {
    value = await make();
  });
  afterAll(async () => {
    if (value && dispose) await dispose(value);
  });
  return new Proxy({} as T, {
    get(_, key) {
      if (!value) throw new Error(`${name}: used before beforeAll made it`);
      return value[key as keyof T];
    },
  });
}

/** One app for a describe block: started before its tests, closed after them. */
export function useTestApp(options?: TestAppOptions): TestApp {
  return beforeAllValue(
    'useTestApp',
    () => createTestApp(options),
    (app) => app.close(),
  );
}

/** An admin on the block's app (after `useTestApp`), logged in once before the tests. */
export function useAdmin(t: TestApp): Client {
  return beforeAllValue('useAdmin', () => newAdmin(t));
}

/** A brand (with its owner, logged in) on the block's app (after `useTestApp`), made once before the tests. */
export function useBrand(t: TestApp): BrandFixture {
  return beforeAllValue('useBrand', () => newBrand(t));
}
