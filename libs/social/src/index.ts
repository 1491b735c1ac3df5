/**
 * @perkrank/social — members' social accounts and their verification, the network connectors
 * (Mastodon, Bluesky) and the ingestion of interactions that feed the score.
 */
export * from './social.module';
export * from './accounts/social-account.entity';
