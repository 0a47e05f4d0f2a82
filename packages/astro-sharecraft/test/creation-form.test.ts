import { CREATION_FIELDS, DEFAULT_CREATION_LICENCES, derivePageId } from '@sharecraft/protocol';
import { parse } from 'node-html-parser';
import picomatch from 'picomatch';
import { describe, expect, it } from 'vitest';
import { creationsAction, webmentionUrl } from '../src/index.js';
import { contentHash, readShippedPage } from '../src/manifest/read-shipped-page.js';
import { type PageConfig, transformPage } from '../src/page/transform-page.js';
import { validateOptions } from '../src/validate-options.js';

const patterns = (list: string[]) => list.map((glob) => ({ glob, re: picomatch.makeRe(glob) }));
const ACTION = 'https://stats.example/api/creations';

const config: PageConfig = {
  rules: { markdown: true, matchEntryUrl: true, include: patterns(['/blog/*']), exclude: patterns(['/404']) },
  actions: ['x', 'copy'],
  utm: true,
  locale: undefined,
  strings: undefined,
  remixUrl: 'https://make.example/create',
  selectionSharing: false,
  site: 'https://blog.example',
  base: '/',
  assets: { share: '/_sharecraft/share.a.js', css: '/_sharecraft/share.b.css' },
  cards: false,
  creations: { action: ACTION, licences: [...DEFAULT_CREATION_LICENCES], defaultLicences: true },
};

const page = (body: string, lang = 'en') =>
  `<!doctype html><html lang="${lang}"><head><title>T</title></head><body>${body}</body></html>`;
const post = (body = '<h1>Kettles</h1><p>Body</p>', lang = 'en') =>
  transformPage(page(`<article>${body}</article>`, lang), { pathname: '/blog/kettles/', origin: 'http://x' }, config);

describe('the creation form on a post', () => {
  it('comes right under the share block, closed, posting to the collector as multipart', () => {
    const { html } = post();
    const root = parse(html);
    const article = root.querySelector('article');
    const children = article?.childNodes.filter((node) => 'tagName' in node) as unknown as { tagName: string }[];
    expect(children.map((node) => node.tagName).slice(-3)).toEqual(['ASIDE', 'DETAILS', 'P']);
    const details = root.querySelector('details.sc-create');
    expect(details?.getAttribute('open')).toBeUndefined();
    expect(details?.getAttribute('data-sc-at')).toBe('end');
    expect(details?.querySelector('summary')?.text).toBe('Made something from this? Show us');
    const form = root.querySelector('form#sc-c');
    expect(form?.getAttribute('action')).toBe(ACTION);
    expect(form?.getAttribute('method')).toBe('post');
    expect(form?.getAttribute('enctype')).toBe('multipart/form-data');
    const thanks = root.querySelector('#sc-thanks');
    expect(thanks?.getAttribute('role')).toBe('status');
    expect(thanks?.getAttribute('tabindex')).toBe('-1');
  });

  it('has every field of the contract, each named by a label, and the hidden ones a no-JS submission needs', () => {
    const root = parse(post().html);
    const form = root.querySelector('form#sc-c');
    const named = (name: string) => form?.querySelectorAll(`[name="${name}"]`) ?? [];
    for (const name of ['title', 'text', 'image', 'image-alt', 'credit', 'email', 'consent', 'licence'] as const) {
      const [control] = named(name);
      expect(control, name).toBeDefined();
      // Wrapped by its label, with text of its own.
      expect(control?.closest('label')?.text.trim().length, name).toBeGreaterThan(0);
    }
    expect(named(CREATION_FIELDS.link).map((link) => link.getAttribute('aria-label'))).toEqual([
      'Link 1',
      'Link 2',
      'Link 3',
    ]);
    expect(named(CREATION_FIELDS.link).every((link) => link.getAttribute('type') === 'url')).toBe(true);
    expect(named('kind').map((radio) => radio.getAttribute('value'))).toEqual(['creation', 'letter']);
    expect(named('title')[0]?.getAttribute('maxlength')).toBe('120');
    expect(named('text')[0]?.tagName).toBe('TEXTAREA');
    expect(named('text')[0]?.getAttribute('maxlength')).toBe('5000');
    expect(named('image')[0]?.getAttribute('accept')).toBe('image/jpeg,image/png,image/webp');
    expect(named('consent')[0]?.getAttribute('value')).toBe('yes');
    expect(
      named('licence')[0]
        ?.querySelectorAll('option')
        .map((option) => [option.getAttribute('value'), option.text]),
    ).toEqual([
      ['cc-by-4.0', 'CC BY 4.0'],
      ['site-only', 'Only on this site'],
    ]);
    // The letter's hint is tied to its choice.
    const hintId = named('kind')[1]?.getAttribute('aria-describedby') ?? '';
    expect(root.getElementById(hintId)?.text).toBe('A letter stays private: no consent or licence needed.');
    const hidden = Object.fromEntries(
      form
        ?.querySelectorAll('input[type=hidden]')
        .map((input) => [input.getAttribute('name'), input.getAttribute('value')]) ?? [],
    );
    expect(hidden).toEqual({
      'sc-form': 'end',
      'sc-page': derivePageId('/blog/kettles'),
      'sc-post': 'https://blog.example/blog/kettles/',
    });
    const honeypot = named(CREATION_FIELDS.honeypot)[0];
    expect(honeypot?.getAttribute('tabindex')).toBe('-1');
    expect(honeypot?.getAttribute('autocomplete')).toBe('off');
    expect(honeypot?.getAttribute('aria-hidden')).toBe('true');
  });

  it('speaks the post’s language, right to left where it is written so', () => {
    const root = parse(post('<h1>دلة</h1>', 'ar').html);
    expect(root.querySelector('summary')?.text).toBe('صنعت شيئًا منها؟ أرِنا إياه');
    expect(root.querySelector('#sc-thanks')?.text).toBe('شكرًا! وصل ما أرسلته.');
    expect(root.querySelector('option[value="site-only"]')?.text).toBe('على هذا الموقع فقط');
  });

  it('takes the owner’s texts and licences over the built-in ones', () => {
    const result = transformPage(
      page('<article><h1>K</h1></article>', 'de'),
      { pathname: '/blog/kettles/', origin: 'http://x' },
      {
        ...config,
        strings: { creations: { invite: 'Zeig uns, was du gebaut hast' } },
        creations: { action: ACTION, licences: [{ id: 'cc0', label: 'CC0' }], defaultLicences: false },
      },
    );
    const root = parse(result.html);
    expect(root.querySelector('summary')?.text).toBe('Zeig uns, was du gebaut hast');
    // The rest stays German.
    expect(root.querySelector('form button')?.text).toBe('Senden');
    expect(root.querySelectorAll('option').map((option) => option.text)).toEqual(['CC0']);
  });

  it('leads every remix invitation to the form: the block gives its own way to the form’s, quote rows link to it', () => {
    const { html } = post(
      '<h1>Kettles</h1><blockquote data-sharecraft-quote><p>Tin is soft.</p></blockquote><p>Body</p>',
    );
    const root = parse(html);
    expect(root.querySelectorAll('aside.sharecraft a[data-sc="remix"]')).toHaveLength(0);
    expect(root.querySelector('.sc-row a[data-sc="remix"]')?.getAttribute('href')).toBe('#sc-c');
    expect(html).not.toContain('make.example');
    expect(root.querySelector('summary')?.getAttribute('data-sc')).toBe('remix');
  });

  it('is listed in the manifest with its id, and its summary as the post’s remix invitation', () => {
    const { html } = post();
    const shipped = readShippedPage(html);
    expect(shipped?.forms).toEqual([{ id: 'end', placement: 'end' }]);
    expect(shipped?.ctas.filter((cta) => cta.kind === 'remix')).toEqual([
      { id: 'end.remix', kind: 'remix', placement: 'end' },
    ]);
    // With selection sharing on, the popover links to the form too.
    const selecting = transformPage(
      page('<article><h1>Kettles</h1><p>Body</p></article>'),
      { pathname: '/blog/kettles/', origin: 'http://x' },
      { ...config, selectionSharing: true },
    );
    expect(readShippedPage(selecting.html)?.ctas.map((cta) => cta.id)).toContain('selection.remix');
    // Sharecraft's markup, the form included, is not the post's content.
    const bare = page('<article><h1>Kettles</h1><p>Body</p></article>');
    expect(contentHash(html)).toBe(contentHash(bare));
  });

  it('goes where <CreationForm /> is on a post, open, and nowhere else', () => {
    const { html } = post('<h1>Kettles</h1><p>Body</p><div data-sharecraft-slot="form"></div><footer>f</footer>');
    const root = parse(html);
    expect(root.querySelectorAll('details.sc-create')).toHaveLength(1);
    const details = root.querySelector('details.sc-create');
    expect(details?.getAttribute('open')).toBe('');
    expect(details?.getAttribute('data-sc-at')).toBe('page');
    expect(details?.nextElementSibling?.nextElementSibling?.tagName).toBe('FOOTER');
    expect(readShippedPage(html)?.forms).toEqual([{ id: 'page', placement: 'page' }]);
  });

  it('answers the post <CreationForm post> names on a page of its own, with its stylesheet and script', () => {
    const result = transformPage(
      page(
        '<main><h1>Show us</h1><div data-sharecraft-slot="form" data-sharecraft-post="/blog/kettles/"></div></main>',
      ),
      { pathname: '/show-us/', origin: 'http://x' },
      config,
    );
    expect(result.post).toBe(false);
    const root = parse(result.html);
    expect(root.querySelector('input[name="sc-page"]')?.getAttribute('value')).toBe(derivePageId('/blog/kettles'));
    expect(root.querySelector('input[name="sc-form"]')?.getAttribute('value')).toBe('end');
    expect(root.querySelector('input[name="sc-post"]')?.getAttribute('value')).toBe(
      'https://blog.example/blog/kettles/',
    );
    expect(root.querySelector('link[rel=stylesheet]')?.getAttribute('href')).toBe(config.assets.css);
    expect(root.querySelector('script[type=module]')?.getAttribute('src')).toBe(config.assets.share);
  });

  it('gives each post one <link rel="webmention"> in its head, only with creations on and a webmention URL', () => {
    const withLink = transformPage(
      page('<article><h1>K</h1></article>'),
      { pathname: '/blog/kettles/', origin: 'http://x' },
      {
        ...config,
        creations: {
          ...(config.creations as NonNullable<PageConfig['creations']>),
          webmention: 'https://stats.example/webmention',
        },
      },
    );
    const links = parse(withLink.html).querySelectorAll('head link[rel=webmention]');
    expect(links.map((link) => link.getAttribute('href'))).toEqual(['https://stats.example/webmention']);
    expect(post().html).not.toContain('rel="webmention"');
    const off = transformPage(
      page('<article><h1>K</h1></article>'),
      { pathname: '/blog/kettles/', origin: 'http://x' },
      { ...config, creations: undefined },
    );
    expect(off.html).not.toContain('rel="webmention"');
  });

  it('is not there with creations off, nor on a page that is not a post', () => {
    const off = transformPage(
      page('<article><h1>K</h1></article>'),
      { pathname: '/blog/kettles/', origin: 'http://x' },
      { ...config, creations: undefined },
    );
    expect(off.html).not.toContain('sc-create');
    expect(off.html).toContain('href="https://make.example/create?');
    const index = transformPage(page('<main><h1>Home</h1></main>'), { pathname: '/', origin: 'http://x' }, config);
    expect(index.html).not.toContain('sc-create');
  });
});

describe('the `creations` option', () => {
  it('is off by default, and `true` offers the default licences', () => {
    expect(validateOptions({}).creations).toBeUndefined();
    expect(validateOptions({ creations: true }).creations).toEqual({
      licences: [...DEFAULT_CREATION_LICENCES],
      collector: undefined,
      defaultLicences: true,
    });
  });

  it('takes the owner’s licences, and refuses malformed ones by name', () => {
    const licences = [{ id: 'cc-by-sa-4.0', label: 'CC BY-SA 4.0' }];
    expect(validateOptions({ creations: { licences } }).creations?.licences).toEqual(licences);
    expect(() => validateOptions({ creations: { licences: [{ id: 'Bad Id', label: 'x' }] } })).toThrow(
      /creations\.licences\.0\.id/,
    );
    expect(() => validateOptions({ creations: { licences: [] } })).toThrow(/creations\.licences/);
    expect(() => validateOptions({ creations: 'yes' })).toThrow(/creations/);
  });

  it('posts to the collector the beacon reports to, or to `creations.collector`', () => {
    expect(creationsAction({}, 'https://stats.example/api/events', undefined)).toBe(ACTION);
    expect(creationsAction({}, undefined, '/_sharecraft/api/creations')).toBe('/_sharecraft/api/creations');
    // A site whose URLs end with a slash answers 404 to a path without one.
    expect(creationsAction({}, undefined, '/_sharecraft/api/creations/')).toBe('/_sharecraft/api/creations/');
    expect(creationsAction({ collector: 'https://stats.example/' }, 'https://stats.example/e', undefined)).toBe(ACTION);
  });

  it('advertises webmentions at the same collector, slash style kept', () => {
    expect(webmentionUrl(ACTION)).toBe('https://stats.example/webmention');
    expect(webmentionUrl('/_sharecraft/api/creations')).toBe('/_sharecraft/webmention');
    expect(webmentionUrl('/_sharecraft/api/creations/')).toBe('/_sharecraft/webmention/');
  });

  it('needs a collector: without one, the build stops with a hint', () => {
    let error: { message: string; hint?: string } | undefined;
    try {
      creationsAction({}, undefined, undefined);
    } catch (caught) {
      error = caught as typeof error;
    }
    expect(error?.message).toContain('needs a collector');
    expect(error?.hint).toContain('collector.endpoint');
    expect(() => creationsAction({}, 'https://stats.example/e', undefined)).toThrow(/does not end in \/api\/events/);
  });
});
