import { Inject, Injectable, Optional } from '@nestjs/common';
import { AppConfig, Clock } from '@perkrank/core';
import type { Network } from '@perkrank/reference';
import { BLUESKY_BUDGET, MASTODON_BUDGET, SocialHostBudgets } from '../sync/social-host-budget';
import { BlueskyConnector } from './bluesky.connector';
import type { NetworkConnector } from './connector';
import { ConnectorHttp, type ConnectorHttpOptions } from './connector-http';
import { MastodonConnector } from './mastodon.connector';

/** Optional provider: HTTP behaviour of the connectors (tests shorten waits). */
export const CONNECTOR_HTTP_OPTIONS = Symbol('CONNECTOR_HTTP_OPTIONS');

/** The networks PerkRank reads itself; the others are verified by an admin and fed by ingestion. */
@Injectable()
export class ConnectorRegistry {
  private readonly connectors: ReadonlyMap<Network, NetworkConnector>;

  constructor(
    config: AppConfig,
    clock: Clock,
    budgets: SocialHostBudgets,
    @Optional() @Inject(CONNECTOR_HTTP_OPTIONS) httpOptions?: ConnectorHttpOptions,
  ) {
    const now = (): number => clock.now().getTime();
    this.connectors = new Map<Network, NetworkConnector>([
      [
        'mastodon',
        new MastodonConnector({
          apiBase: config.MASTODON_API_BASE,
          http: new ConnectorHttp({
            now,
            budget: budgets.for(MASTODON_BUDGET),
            // Mastodon hosts are named by members: only public addresses, unless a test allows.
            allowPrivateHosts: config.CONNECTOR_ALLOW_PRIVATE_HOSTS,
            ...httpOptions,
          }),
        }),
      ],
      [
        'bluesky',
        new BlueskyConnector({
          apiBase: config.BLUESKY_API_BASE,
          http: new ConnectorHttp({ now, budget: budgets.for(BLUESKY_BUDGET), ...httpOptions }),
        }),
      ],
    ]);
  }

  for(network: Network): NetworkConnector | undefined {
    return this.connectors.get(network);
  }

  get networks(): Network[] {
    return [...this.connectors.keys()];
  }
}
