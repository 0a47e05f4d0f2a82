import { type CollectionEntry, getCollection } from 'astro:content';

export const SITE = {
  name: 'Kettlewren Copperworks',
  shortName: 'Kettlewren',
  lang: 'en',
  tagline: 'Copper kettles raised by hand, tinned by hand, and mended for as long as you keep them.',
  description:
    'Kettlewren Copperworks is a three-person workshop on Saltmarrow Quay that hand-raises copper kettles, wipes tin linings by hand and repairs anything copper. This is our workshop journal.',
} as const;

export type Post = CollectionEntry<'blog'>;

/** Published posts, newest first. Drafts never leave this function. */
export async function getPublishedPosts(): Promise<Post[]> {
  const posts = await getCollection('blog', ({ data }) => data.draft !== true);
  return posts.sort((a, b) => b.data.pubDate.valueOf() - a.data.pubDate.valueOf());
}

const RTL_LANGUAGES = new Set(['ar', 'he', 'fa', 'ur', 'ps', 'yi', 'dv', 'ckb', 'sd', 'ug']);

/** Text direction for a BCP-47 tag, from its primary language subtag. */
export function dirFor(lang: string): 'ltr' | 'rtl' {
  const primary = lang.toLowerCase().split('-')[0] ?? '';
  return RTL_LANGUAGES.has(primary) ? 'rtl' : 'ltr';
}

/** URL-safe form of a tag, used for /tags/<slug>/. */
export function tagSlug(tag: string): string {
  return tag
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^\p{Letter}\p{Number}]+/gu, '-')
    .replace(/^-+|-+$/g, '');
}

export function formatDate(date: Date, lang: string): string {
  return new Intl.DateTimeFormat(lang, { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' }).format(
    date,
  );
}

interface Labels {
  by: string;
  published: string;
  updated: string;
  tagged: string;
  back: string;
}

const ENGLISH: Labels = {
  by: 'By',
  published: 'Published',
  updated: 'Updated',
  tagged: 'Tagged',
  back: 'All journal entries',
};

const LABELS: Record<string, Labels> = {
  en: ENGLISH,
  ja: { by: '執筆', published: '公開', updated: '更新', tagged: 'タグ', back: '記事一覧へ' },
  ar: { by: 'بقلم', published: 'نُشر في', updated: 'حُدّث في', tagged: 'الوسوم', back: 'كل التدوينات' },
};

/** The few words around a post (byline, dates, tags) in the post's own language, English otherwise. */
export function labelsFor(lang: string): Labels {
  const primary = lang.toLowerCase().split('-')[0] ?? 'en';
  return LABELS[primary] ?? ENGLISH;
}
