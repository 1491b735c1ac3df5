/** Names that read the same in every language (the social networks'), shared by the dictionaries. */
export const networkNames = {
  'network.mastodon': 'Mastodon',
  'network.bluesky': 'Bluesky',
  'network.x': 'X',
  'network.instagram': 'Instagram',
  'network.youtube': 'YouTube',
  'network.tiktok': 'TikTok',
  'network.facebook': 'Facebook',
} as const;
