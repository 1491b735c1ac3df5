/**
 * The one published list of topics campaigns target and members pick. Fixed and short on purpose:
 * free-form tags fragment ("photo", "photography", "fotografie") and then never match.
 */
export const TOPICS = [
  'travel',
  'food',
  'fashion',
  'beauty',
  'fitness',
  'tech',
  'gaming',
  'music',
  'family',
  'business',
  'sports',
  'art',
  'photography',
  'books',
  'film',
  'automotive',
  'pets',
  'parenting',
  'health',
  'wellness',
  'finance',
  'education',
  'outdoors',
  'luxury',
  'home',
  'design',
  'sustainability',
  'nightlife',
  'comedy',
  'science',
] as const;

export type Topic = (typeof TOPICS)[number];

const TOPIC_SET: ReadonlySet<string> = new Set(TOPICS);

export function isTopic(value: unknown): value is Topic {
  return typeof value === 'string' && TOPIC_SET.has(value);
}
