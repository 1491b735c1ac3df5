/** The social networks members connect. Mastodon and Bluesky have connectors; the rest are fed by bulk ingestion. */
export const NETWORKS = ['mastodon', 'bluesky', 'x', 'instagram', 'youtube', 'tiktok', 'facebook'] as const;

export type Network = (typeof NETWORKS)[number];

const NETWORK_SET: ReadonlySet<string> = new Set(NETWORKS);

export function isNetwork(value: unknown): value is Network {
  return typeof value === 'string' && NETWORK_SET.has(value);
}
