/**
 * Share-intent URLs for each network, in the formats the networks document today.
 * Every parameter goes through `encodeParam`, so titles with `&`, `#`, quotes, emoji, CJK or
 * right-to-left text arrive intact, and the share script can find the post URL in any link.
 */
import { encodeParam } from './share-url.js';

/** Networks reached through a plain link: they work with JavaScript off. */
export const NETWORK_IDS = [
  'x',
  'bluesky',
  'threads',
  'linkedin',
  'facebook',
  'reddit',
  'hackernews',
  'whatsapp',
  'telegram',
  'email',
] as const;

export type NetworkId = (typeof NETWORK_IDS)[number];

/**
 * Everything the owner can put in the block: the link networks, plus those that need the share
 * script: the device's share sheet, Mastodon (each reader has their own server) and copy-link.
 */
export const SHARE_ACTIONS = ['native', ...NETWORK_IDS, 'mastodon', 'copy'] as const;
export type ShareAction = (typeof SHARE_ACTIONS)[number];

export interface SharedPost {
  /** Absolute URL of the post. */
  url: string;
  /** Title of the post (may be empty). */
  title: string;
}

interface Network {
  /** Name shown to readers. */
  label: string;
  /** Builds the link a reader follows to share `post`. */
  intentUrl(post: SharedPost): string;
}

function withQuery(base: string, params: Record<string, string>): string {
  const mailto = base.startsWith('mailto:');
  const query = Object.entries(params)
    .filter(([, value]) => value)
    .map(([key, value]) => `${key}=${encodeParam(value, mailto)}`)
    .join('&');
  return query ? `${base}?${query}` : base;
}

/** "Title URL" for networks that take one text field. */
function textWithUrl(post: SharedPost): string {
  return post.title ? `${post.title} ${post.url}` : post.url;
}

export const NETWORKS: Record<NetworkId, Network> = {
  x: {
    label: 'X',
    intentUrl: (post) => withQuery('https://x.com/intent/tweet', { text: post.title, url: post.url }),
  },
  bluesky: {
    label: 'Bluesky',
    // Bluesky's intent takes text only; the URL goes inside it and becomes a link card.
    intentUrl: (post) => withQuery('https://bsky.app/intent/compose', { text: textWithUrl(post) }),
  },
  threads: {
    label: 'Threads',
    intentUrl: (post) => withQuery('https://www.threads.com/intent/post', { text: post.title, url: post.url }),
  },
  linkedin: {
    label: 'LinkedIn',
    intentUrl: (post) => withQuery('https://www.linkedin.com/sharing/share-offsite/', { url: post.url }),
  },
  facebook: {
    label: 'Facebook',
    intentUrl: (post) => withQuery('https://www.facebook.com/sharer/sharer.php', { u: post.url }),
  },
  reddit: {
    label: 'Reddit',
    intentUrl: (post) => withQuery('https://www.reddit.com/submit', { url: post.url, title: post.title }),
  },
  hackernews: {
    label: 'Hacker News',
    intentUrl: (post) => withQuery('https://news.ycombinator.com/submitlink', { u: post.url, t: post.title }),
  },
  whatsapp: {
    label: 'WhatsApp',
    intentUrl: (post) => withQuery('https://wa.me/', { text: textWithUrl(post) }),
  },
  telegram: {
    label: 'Telegram',
    intentUrl: (post) => withQuery('https://t.me/share/url', { url: post.url, text: post.title }),
  },
  email: {
    label: 'Email',
    // mailto wants %20 for spaces, not `+`.
    intentUrl: (post) => withQuery('mailto:', { subject: post.title, body: textWithUrl(post) }),
  },
};

/** Mastodon's compose page on the reader's own `server` (a hostname the share script checked). */
export function mastodonShareUrl(server: string, post: SharedPost): string {
  return withQuery(`https://${server}/share`, { text: textWithUrl(post) });
}

/** The link a reader follows to share `post` on `network`. */
export function shareIntentUrl(network: NetworkId, post: SharedPost): string {
  return NETWORKS[network].intentUrl(post);
}
