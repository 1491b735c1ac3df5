/**
 * @perkrank/social — members' social accounts and their verification, the network connectors
 * (Mastodon, Bluesky) and the ingestion of interactions that feed the score: the append-only,
 * weekly-partitioned interaction store keyed by pseudonyms, its import and its upkeep.
 */
export * from './social.module';
export * from './social.exception';
export * from './accounts/social-account.entity';
export * from './accounts/social-account-stats.entity';
export * from './accounts/social-account.repository';
export * from './accounts/handles';
export * from './connectors/connector';
export * from './connectors/connector-http';
export * from './connectors/connector-registry';
export * from './connectors/mastodon.connector';
export * from './connectors/bluesky.connector';
export * from './interactions/pseudonym';
export * from './interactions/interaction-rows';
export * from './interactions/interaction-validation';
export * from './interactions/interaction.repository';
export * from './interactions/ingest.service';
export * from './interactions/interaction-importer';
export * from './interactions/interaction-maintenance.processor';
export * from './sync/social-sync.service';
export * from './sync/social-sync.processor';
export * from './sync/social-host-budget';
export * from './sync/social-host-budget.entity';
export * from './accounts/social-verify.processor';
export { SOCIAL_VERIFY } from './accounts/social-account.service';
export * from './privacy/social-erasure.service';
export * from './interactions/handle-pairs';
export * from './interactions/ndjson-batches';
export * from './read-models/verified-social-accounts.view';
