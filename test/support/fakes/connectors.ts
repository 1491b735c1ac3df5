import { createTestApp, type TestApp, type TestAppOptions } from '../app';
import { beforeAllValue } from '../use-test-app';
import { BlueskyFake } from './bluesky-fake';
import { MastodonFake } from './mastodon-fake';

/**
 * A describe block's app whose Mastodon and Bluesky connectors talk to fakes (started first,
 * stopped last) on 127.0.0.1, which CONNECTOR_ALLOW_PRIVATE_HOSTS lets them reach; `options.env`
 * adds to those settings.
 */
export function useConnectorsApp(options: TestAppOptions = {}): {
  t: TestApp;
  mastodon: MastodonFake;
  bluesky: BlueskyFake;
} {
  const mastodon = new MastodonFake();
  const bluesky = new BlueskyFake();
  const stopFakes = () => Promise.all([mastodon.stop(), bluesky.stop()]);
  const t = beforeAllValue(
    'useConnectorsApp',
    async () => {
      await Promise.all([mastodon.start(), bluesky.start()]);
      try {
        return await createTestApp({
          ...options,
          env: {
            MASTODON_API_BASE: mastodon.url,
            BLUESKY_API_BASE: bluesky.url,
            CONNECTOR_ALLOW_PRIVATE_HOSTS: 'true',
            ...options.env,
          },
        });
      } catch (error) {
        await stopFakes();
        throw error;
      }
    },
    async (app) => {
      await app.close();
      await stopFakes();
    },
  );
  return { t, mastodon, bluesky };
}
