/**
 * Every text the share UI shows or announces, per language. The block follows the post's
 * `<html lang>`, and the site owner can replace any text (see `resolveShareStrings`).
 *
 * Placeholders are written `{name}` and filled in with `formatString`.
 */

/** Everything a share control can be labelled with: the link networks and Mastodon. */
export type ShareStringsNetworkId =
  | 'x'
  | 'bluesky'
  | 'threads'
  | 'mastodon'
  | 'linkedin'
  | 'facebook'
  | 'reddit'
  | 'hackernews'
  | 'whatsapp'
  | 'telegram'
  | 'email';

export interface ShareStrings {
  /** Heading of the share block; also its accessible name. */
  heading: string;
  /** Accessible name of a network's link or button; `{network}` is the network's display name. */
  shareOn: string;
  /** Copy-link button. */
  copyLink: string;
  /** Announced in the block's live region once the link is on the clipboard. */
  linkCopied: string;
  /** Announced when the clipboard refused; `{url}` is the link, so the reader can copy it by hand. */
  copyFailed: string;
  /** The button that opens the device's own share sheet (Web Share API). */
  nativeShare: string;
  /** Mastodon has no central share page: the reader names their own server. */
  mastodon: {
    /** Visible text of the button that opens the server form (its accessible name is `shareOn`). */
    button: string;
    /** Label of the server field. */
    label: string;
    /** Example shown in the empty server field. */
    placeholder: string;
    /** Submit button of the server form. */
    submit: string;
    /** Error when the field holds no server name; `{server}` is what the reader typed. */
    invalid: string;
    /** Lets the reader pick another server than the one remembered. */
    change: string;
  };
  /** The invitation to make something in response to the post. */
  remix: { heading: string; body: string; cta: string };
  /** Sharing a passage of the post. */
  quote: {
    /** Shares a passage the author marked. */
    share: string;
    /** Shares the text the reader selected. */
    selection: string;
  };
  /** Appended (visually hidden) to links that open a new tab. */
  opensInNewTab: string;
  /** The creation form under the share block (option `creations`). */
  creations: CreationStrings;
  /** The gallery of readers' approved creations under a post. */
  gallery: GalleryStrings;
  /** Display names: brands stay brands, generic names (email) are translated. */
  networks: Record<ShareStringsNetworkId, string>;
}

/** The creation form's texts. Field labels name what to enter; hints say what is optional or kept private. */
export interface CreationStrings {
  /** The invitation that opens the form (its `<summary>`). */
  invite: string;
  /** Legend of the choice between a creation and a letter. */
  kind: string;
  creation: string;
  letter: string;
  /** Under the choice: what a letter is, and that it needs no consent or licence. */
  letterHint: string;
  title: string;
  text: string;
  /** Legend of the link fields. */
  links: string;
  /** Accessible name of each link field; `{n}` is its number. */
  link: string;
  image: string;
  imageAlt: string;
  credit: string;
  email: string;
  consent: string;
  licence: string;
  /** Label of the default "only on this site" licence. */
  siteOnly: string;
  send: string;
  /** Heading of the list of problems that stopped a submission. */
  problem: string;
  /** When the collector could not be reached. */
  failed: string;
  /** The confirmation, shown when the submission arrived (with or without JavaScript). */
  thanks: string;
  /** The private link to see or delete the submission. */
  receipt: string;
}

/** The gallery's texts. */
export interface GalleryStrings {
  /** Heading of the gallery; also its accessible name. */
  heading: string;
  /** The credit line; `{name}` is the reader's name (a link when they gave one). */
  by: string;
  /** Credit when the reader gave no name. */
  someone: string;
  /** The licence line; `{licence}` is the licence's name (a link when it has one). */
  licence: string;
  /** Label of a webmention: a post elsewhere that answers this one. */
  mention: string;
  /** Title of a creation that has none. */
  untitled: string;
  /** The date line; `{date}` is the date, written for the page's language. */
  date: string;
}

/** `T` with every property, at any depth, optional: what an owner passes to replace texts. */
export type DeepPartial<T> = { [K in keyof T]?: T[K] extends object ? DeepPartial<T[K]> : T[K] };

/** Brand names, written the way each brand writes itself in every language. */
const BRANDS = {
  x: 'X',
  bluesky: 'Bluesky',
  threads: 'Threads',
  mastodon: 'Mastodon',
  linkedin: 'LinkedIn',
  facebook: 'Facebook',
  reddit: 'Reddit',
  hackernews: 'Hacker News',
  whatsapp: 'WhatsApp',
  telegram: 'Telegram',
} as const;

/**
 * The built-in translations, keyed by lower-case BCP 47 tag. A tag that is not here falls back to
 * its primary language (`de-AT` → `de`), then to English.
 */
export const SHARE_STRINGS: Record<string, ShareStrings> = {
  en: {
    heading: 'Share this post',
    shareOn: 'Share on {network}',
    copyLink: 'Copy link',
    linkCopied: 'Link copied',
    copyFailed: 'Could not copy. Select the link: {url}',
    nativeShare: 'Share…',
    mastodon: {
      button: 'Mastodon',
      label: 'Your Mastodon server',
      placeholder: 'mastodon.social',
      submit: 'Share',
      invalid: '“{server}” is not a server name, such as mastodon.social',
      change: 'Change server',
    },
    remix: {
      heading: 'Made something from this?',
      body: 'Write a reply post, remix it, take a photo — then show us.',
      cta: 'Share what you made',
    },
    quote: { share: 'Share this quote', selection: 'Share selection' },
    opensInNewTab: '(opens in a new tab)',
    creations: {
      invite: 'Made something from this? Show us',
      kind: 'What are you sending?',
      creation: 'Something I made, to show here',
      letter: 'A private letter to the author',
      letterHint: 'A letter stays private: no consent or licence needed.',
      title: 'Title',
      text: 'Text',
      links: 'Links to your work',
      link: 'Link {n}',
      image: 'Image',
      imageAlt: 'Image description',
      credit: 'Name to credit',
      email: 'Email (optional, never shown)',
      consent: 'I agree to its publication with my name',
      licence: 'Licence',
      siteOnly: 'Only on this site',
      send: 'Send',
      problem: 'Please check:',
      failed: 'It could not be sent. Check your connection and try again.',
      thanks: 'Thank you! It has arrived.',
      receipt: 'Your private link, to see or delete what you sent',
    },
    gallery: {
      heading: 'What readers made',
      by: 'by {name}',
      someone: 'a reader',
      licence: 'Licence: {licence}',
      mention: 'Mention from another site',
      untitled: "A reader's creation",
      date: 'Sent {date}',
    },
    networks: { ...BRANDS, email: 'Email' },
  },
  ar: {
    heading: 'شارك هذه التدوينة',
    shareOn: 'مشاركة عبر {network}',
    copyLink: 'نسخ الرابط',
    linkCopied: 'تم نسخ الرابط',
    copyFailed: 'تعذّر النسخ. حدِّد الرابط وانسخه: {url}',
    nativeShare: 'مشاركة…',
    mastodon: {
      button: 'Mastodon',
      label: 'خادم Mastodon الخاص بك',
      placeholder: 'mastodon.social',
      submit: 'مشاركة',
      invalid: '«{server}» ليس اسم خادم. أدخل اسمًا مثل mastodon.social',
      change: 'تغيير الخادم',
    },
    remix: {
      heading: 'هل صنعت شيئًا مستوحًى من هذه التدوينة؟',
      body: 'اكتب تدوينة ردًّا عليها، أو أعد مزجها، أو التقط صورة، ثم أرِنا ما صنعت.',
      cta: 'شارك ما صنعته',
    },
    quote: { share: 'مشاركة هذا الاقتباس', selection: 'مشاركة النص المحدد' },
    opensInNewTab: '(يُفتح في علامة تبويب جديدة)',
    creations: {
      invite: 'صنعت شيئًا منها؟ أرِنا إياه',
      kind: 'ماذا ترسل؟',
      creation: 'عمل صنعته، ليُعرض هنا',
      letter: 'رسالة خاصة إلى الكاتب',
      letterHint: 'الرسالة لا تُنشر ولا تحتاج موافقة ولا ترخيصًا.',
      title: 'العنوان',
      text: 'النص',
      links: 'روابط إلى عملك',
      link: 'الرابط {n}',
      image: 'صورة',
      imageAlt: 'وصف الصورة',
      credit: 'الاسم الذي يُنسب إليه',
      email: 'البريد الإلكتروني (اختياري، لا يُعرض)',
      consent: 'أوافق على النشر مع اسمي',
      licence: 'الترخيص',
      siteOnly: 'على هذا الموقع فقط',
      send: 'إرسال',
      problem: 'يُرجى مراجعة ما يلي:',
      failed: 'تعذّر الإرسال. تحقّق من اتصالك وحاول مرة أخرى.',
      thanks: 'شكرًا! وصل ما أرسلته.',
      receipt: 'رابطك الخاص، لعرض ما أرسلته أو حذفه',
    },
    gallery: {
      heading: 'ما صنعه القرّاء',
      by: 'بقلم {name}',
      someone: 'أحد القرّاء',
      licence: 'الترخيص: {licence}',
      mention: 'إشارة من موقع آخر',
      untitled: 'عمل أحد القرّاء',
      date: 'أُرسل في {date}',
    },
    networks: { ...BRANDS, email: 'البريد الإلكتروني' },
  },
  ja: {
    heading: 'この記事を共有',
    shareOn: '{network}で共有',
    copyLink: 'リンクをコピー',
    linkCopied: 'リンクをコピーしました',
    copyFailed: 'コピーできませんでした。リンクを選択してコピーしてください：{url}',
    nativeShare: '共有…',
    mastodon: {
      button: 'Mastodon',
      label: 'ご利用のMastodonサーバー',
      placeholder: 'mastodon.social',
      submit: '共有',
      invalid: '「{server}」はサーバー名ではありません（例：mastodon.social）',
      change: 'サーバーを変更',
    },
    remix: {
      heading: 'この記事から何か生まれましたか？',
      body: '返信の記事、リミックス、写真など、ぜひ見せてください。',
      cta: '作ったものを共有',
    },
    quote: { share: 'この引用を共有', selection: '選択した部分を共有' },
    opensInNewTab: '（新しいタブで開きます）',
    creations: {
      invite: '作ったものを見せてください',
      kind: '何を送りますか？',
      creation: 'ここで紹介してほしい作品',
      letter: '筆者への非公開の手紙',
      letterHint: '手紙は非公開で、同意もライセンスも不要です。',
      title: 'タイトル',
      text: '本文',
      links: '作品へのリンク',
      link: 'リンク{n}',
      image: '画像',
      imageAlt: '画像の説明',
      credit: 'クレジット用のお名前',
      email: 'メール（任意・非公開）',
      consent: '名前付きの公開に同意します',
      licence: 'ライセンス',
      siteOnly: 'このサイトのみ',
      send: '送信',
      problem: '次の点を確認してください：',
      failed: '送信できませんでした。接続を確認して、もう一度お試しください。',
      thanks: 'ありがとうございます！届きました。',
      receipt: '送った内容の確認・削除用の非公開リンク',
    },
    gallery: {
      heading: '読者の作品',
      by: '作者：{name}',
      someone: 'ある読者',
      licence: 'ライセンス：{licence}',
      mention: '他のサイトからの言及',
      untitled: '読者の作品',
      date: '{date}に送信',
    },
    networks: { ...BRANDS, email: 'メール' },
  },
  de: {
    heading: 'Beitrag teilen',
    shareOn: 'Auf {network} teilen',
    copyLink: 'Link kopieren',
    linkCopied: 'Link kopiert',
    copyFailed: 'Kopieren hat nicht geklappt. Bitte den Link markieren: {url}',
    nativeShare: 'Teilen…',
    mastodon: {
      button: 'Mastodon',
      label: 'Eigener Mastodon-Server',
      placeholder: 'mastodon.social',
      submit: 'Teilen',
      invalid: '„{server}“ ist kein Servername (zum Beispiel mastodon.social)',
      change: 'Server wechseln',
    },
    remix: {
      heading: 'Etwas daraus gemacht?',
      body: 'Ob Antwortbeitrag, Remix oder Foto – wir sind gespannt!',
      cta: 'Eigenes Werk teilen',
    },
    quote: { share: 'Zitat teilen', selection: 'Auswahl teilen' },
    opensInNewTab: '(öffnet in neuem Tab)',
    creations: {
      invite: 'Etwas daraus gemacht? Zeig es uns',
      kind: 'Was schickst du?',
      creation: 'Etwas Eigenes, das hier gezeigt werden darf',
      letter: 'Einen privaten Brief an die Autorin oder den Autor',
      letterHint: 'Briefe werden nie veröffentlicht und brauchen weder Zustimmung noch Lizenz.',
      title: 'Titel',
      text: 'Text',
      links: 'Links zu deinem Werk',
      link: 'Link {n}',
      image: 'Bild',
      imageAlt: 'Bildbeschreibung',
      credit: 'Dein Name, wie er genannt werden soll',
      email: 'E-Mail (freiwillig, wird nie angezeigt)',
      consent: 'Mit Veröffentlichung unter meinem Namen einverstanden',
      licence: 'Lizenz',
      siteOnly: 'Nur auf dieser Website',
      send: 'Senden',
      problem: 'Bitte prüfen:',
      failed: 'Senden hat nicht geklappt. Bitte Verbindung prüfen und erneut versuchen.',
      thanks: 'Danke! Es ist angekommen.',
      receipt: 'Dein privater Link, um das Gesendete anzusehen oder zu löschen',
    },
    gallery: {
      heading: 'Was Leserinnen und Leser gemacht haben',
      by: 'von {name}',
      someone: 'einer Leserin oder einem Leser',
      licence: 'Lizenz: {licence}',
      mention: 'Erwähnung auf einer anderen Website',
      untitled: 'Werk aus der Leserschaft',
      date: 'Gesendet am {date}',
    },
    networks: { ...BRANDS, email: 'E-Mail' },
  },
  fr: {
    heading: 'Partager cet article',
    shareOn: 'Partager sur {network}',
    copyLink: 'Copier le lien',
    linkCopied: 'Lien copié',
    copyFailed: 'Copie impossible. Sélectionnez le lien\u00a0: {url}',
    nativeShare: 'Partager…',
    mastodon: {
      button: 'Mastodon',
      label: 'Votre serveur Mastodon',
      placeholder: 'mastodon.social',
      submit: 'Partager',
      invalid: '«\u202f{server}\u202f» n’est pas un nom de serveur (par exemple\u00a0: mastodon.social)',
      change: 'Changer de serveur',
    },
    remix: {
      heading: 'Cet article vous a inspiré\u202f?',
      body: 'Un billet en réponse, un remix, une photo… Montrez-nous ce que vous en avez fait\u202f!',
      cta: 'Partager votre création',
    },
    quote: { share: 'Partager cette citation', selection: 'Partager la sélection' },
    opensInNewTab: '(s’ouvre dans un nouvel onglet)',
    creations: {
      invite: 'Cet article vous a inspiré\u202f? Montrez-nous',
      kind: 'Qu’envoyez-vous\u202f?',
      creation: 'Une création à montrer avec cet article',
      letter: 'Une lettre privée à l’auteur',
      letterHint: 'Une lettre n’est jamais publiée et ne demande ni accord ni licence.',
      title: 'Titre',
      text: 'Texte',
      links: 'Liens vers votre création',
      link: 'Lien {n}',
      image: 'Image',
      imageAlt: 'Description de l’image',
      credit: 'Votre nom, tel qu’il doit être crédité',
      email: 'E-mail (facultatif, jamais affiché)',
      consent: 'J’accepte que ceci soit publié avec mon nom',
      licence: 'Licence',
      siteOnly: 'Uniquement sur ce site',
      send: 'Envoyer',
      problem: 'Veuillez vérifier\u00a0:',
      failed: 'L’envoi a échoué. Vérifiez votre connexion et réessayez.',
      thanks: 'Merci\u202f! C’est bien arrivé.',
      receipt: 'Votre lien privé, pour voir ou supprimer votre envoi',
    },
    gallery: {
      heading: 'Ce que les lecteurs en ont fait',
      by: 'par {name}',
      someone: 'un lecteur ou une lectrice',
      licence: 'Licence\xa0: {licence}',
      mention: 'Mention sur un autre site',
      untitled: 'Création d’un lecteur',
      date: 'Envoyé le {date}',
    },
    networks: { ...BRANDS, email: 'E-mail' },
  },
  es: {
    heading: 'Comparte este artículo',
    shareOn: 'Compartir en {network}',
    copyLink: 'Copiar enlace',
    linkCopied: 'Enlace copiado',
    copyFailed: 'No se pudo copiar. Selecciona el enlace: {url}',
    nativeShare: 'Compartir…',
    mastodon: {
      button: 'Mastodon',
      label: 'Tu servidor de Mastodon',
      placeholder: 'mastodon.social',
      submit: 'Compartir',
      invalid: '«{server}» no es un nombre de servidor (por ejemplo, mastodon.social)',
      change: 'Cambiar de servidor',
    },
    remix: {
      heading: '¿Has creado algo a partir de esto?',
      body: 'Una entrada en respuesta, un remix, una foto… ¡Queremos verlo!',
      cta: 'Comparte tu creación',
    },
    quote: { share: 'Compartir esta cita', selection: 'Compartir selección' },
    opensInNewTab: '(se abre en una pestaña nueva)',
    creations: {
      invite: '¿Has creado algo a partir de esto? Enséñanoslo',
      kind: '¿Qué envías?',
      creation: 'Algo que he creado, para mostrarlo con este artículo',
      letter: 'Una carta privada para el autor',
      letterHint: 'Una carta nunca se publica y no necesita consentimiento ni licencia.',
      title: 'Título',
      text: 'Texto',
      links: 'Enlaces a tu obra',
      link: 'Enlace {n}',
      image: 'Imagen',
      imageAlt: 'Descripción de la imagen',
      credit: 'Tu nombre, tal como quieres que aparezca',
      email: 'Correo electrónico (opcional, nunca se muestra)',
      consent: 'Acepto que se publique con mi nombre',
      licence: 'Licencia',
      siteOnly: 'Solo en este sitio',
      send: 'Enviar',
      problem: 'Revisa lo siguiente:',
      failed: 'No se pudo enviar. Comprueba tu conexión e inténtalo de nuevo.',
      thanks: '¡Gracias! Ha llegado.',
      receipt: 'Tu enlace privado, para ver o borrar lo que enviaste',
    },
    gallery: {
      heading: 'Lo que han creado los lectores',
      by: 'por {name}',
      someone: 'un lector',
      licence: 'Licencia: {licence}',
      mention: 'Mención desde otro sitio',
      untitled: 'Creación de un lector',
      date: 'Enviado el {date}',
    },
    networks: { ...BRANDS, email: 'Correo electrónico' },
  },
};

/** Primary language subtags written right to left by default. */
export const RTL_LANGUAGES: ReadonlySet<string> = new Set([
  'ar', // Arabic
  'arc', // Aramaic
  'azb', // South Azerbaijani
  'ckb', // Central Kurdish (Sorani)
  'dv', // Dhivehi
  'fa', // Persian
  'glk', // Gilaki
  'he', // Hebrew
  'iw', // Hebrew (deprecated tag)
  'ji', // Yiddish (deprecated tag)
  'khw', // Khowar
  'ks', // Kashmiri
  'lrc', // Northern Luri
  'mzn', // Mazanderani
  'nqo', // N’Ko
  'pnb', // Western Punjabi
  'prs', // Dari
  'ps', // Pashto
  'sd', // Sindhi
  'syr', // Syriac
  'ug', // Uyghur
  'ur', // Urdu
  'yi', // Yiddish
]);

/** Script subtags (ISO 15924, lower case) written right to left. */
const RTL_SCRIPTS: ReadonlySet<string> = new Set([
  'adlm',
  'arab',
  'aran',
  'hebr',
  'mand',
  'mend',
  'nkoo',
  'rohg',
  'samr',
  'syrc',
  'thaa',
  'yezi',
]);

/** Splits a language tag into lower-case subtags; `pt_BR` (as some tools write it) counts as `pt-BR`. */
function subtagsOf(tag: string): string[] {
  return tag
    .trim()
    .toLowerCase()
    .split(/[-_]/)
    .filter((subtag) => subtag !== '');
}

/**
 * The built-in translation for `subtags`, by RFC 4647 lookup: the whole tag, then the tag with
 * its last subtag dropped, and so on down to the primary language.
 */
function lookup(subtags: readonly string[]): string | undefined {
  for (let length = subtags.length; length > 0; length--) {
    const candidate = subtags.slice(0, length).join('-');
    // `Object.hasOwn`, so that `<html lang="constructor">` finds nothing.
    if (Object.hasOwn(SHARE_STRINGS, candidate)) return candidate;
  }
  return undefined;
}

/**
 * Writing direction of a language tag. An explicit script decides (`pa-Arab` is right to left,
 * `sd-Deva` left to right); otherwise the language's usual script does.
 */
function directionOf(subtags: readonly string[]): 'ltr' | 'rtl' {
  // The script subtag follows the language and up to three extended-language subtags (`zh-yue-Hant`).
  let index = 1;
  while (index < 4 && /^[a-z]{3}$/.test(subtags[index] ?? '')) index++;
  const script = subtags[index];
  if (script !== undefined && /^[a-z]{4}$/.test(script)) return RTL_SCRIPTS.has(script) ? 'rtl' : 'ltr';
  const primary = subtags[0];
  return primary !== undefined && RTL_LANGUAGES.has(primary) ? 'rtl' : 'ltr';
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * A fresh copy of `base` with the strings of `overrides` laid over it. Only keys `base` has are
 * taken, and only where the kinds match (a string for a string, an object for a group), so stray
 * or mistyped owner options can neither add keys nor break the shape.
 */
function mergeStrings<T extends object>(base: T, overrides: unknown): T {
  const result: Record<string, unknown> = {};
  const patch = isRecord(overrides) ? overrides : {};
  for (const [key, value] of Object.entries(base)) {
    const replacement = Object.hasOwn(patch, key) ? patch[key] : undefined;
    if (typeof value === 'string') result[key] = typeof replacement === 'string' ? replacement : value;
    else result[key] = mergeStrings(value as object, replacement);
  }
  return result as T;
}

export interface ResolvedShareStrings {
  /** Key of the built-in translation used (`de` for `de-AT`; the fallback when none matched). */
  locale: string;
  /**
   * Writing direction of the requested language, even when its texts fell back to another
   * language: the block sits in a page written that way.
   */
  dir: 'ltr' | 'rtl';
  strings: ShareStrings;
}

/**
 * The texts for a page in language `lang` (a BCP 47 tag such as `<html lang>` holds: `pt-BR`,
 * `AR`, `zh-Hant-TW`), with the owner's `overrides` laid over them.
 *
 * The tag matches case-insensitively: whole, then shortened a subtag at a time down to the primary
 * language; when nothing matches, `fallback` (itself matched the same way, then English) is used.
 */
export function resolveShareStrings(
  lang: string | undefined,
  overrides?: DeepPartial<ShareStrings>,
  fallback = 'en',
): ResolvedShareStrings {
  const subtags = subtagsOf(lang ?? '');
  const locale = lookup(subtags) ?? lookup(subtagsOf(fallback)) ?? 'en';
  const base = SHARE_STRINGS[locale] ?? (SHARE_STRINGS.en as ShareStrings);
  return {
    locale,
    dir: subtags.length > 0 ? directionOf(subtags) : directionOf(subtagsOf(locale)),
    strings: mergeStrings(base, overrides),
  };
}

/**
 * Fills the `{name}` placeholders of `template` from `values`. Placeholders without a value stay
 * as written, so a missing value shows up instead of silently vanishing.
 */
export function formatString(template: string, values: Record<string, string>): string {
  // A replacer function, so `$&` or `$1` in a value (a URL may hold them) is inserted literally.
  return template.replace(/\{([A-Za-z0-9_]+)\}/g, (placeholder, name: string) =>
    Object.hasOwn(values, name) ? (values[name] as string) : placeholder,
  );
}
