import type { Schemas } from '../api/client';

export type Network = Schemas['ConnectSocialAccountDto']['network'];
export const NETWORKS: Network[] = ['mastodon', 'bluesky', 'x', 'instagram', 'youtube', 'tiktok', 'facebook'];
