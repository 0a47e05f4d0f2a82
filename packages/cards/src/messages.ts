/** What a message is about, so a build log can be filtered and a test can assert on it. */
export type CardMessageCode =
  | 'invalid-option'
  | 'invalid-color'
  | 'font-not-found'
  | 'font-not-a-font'
  | 'font-unreadable'
  | 'invalid-post'
  | 'duplicate-post'
  | 'missing-title'
  | 'missing-description'
  | 'title-clamped'
  | 'template-warning'
  | 'invalid-date'
  | 'invalid-lang'
  | 'image-not-found'
  | 'image-unsupported'
  | 'image-remote'
  | 'logo-not-found'
  | 'uncovered-script'
  | 'missing-emoji'
  | 'render-failed';

/** One warning or error. Every message names the post, the option or the file it is about. */
export interface CardMessage {
  level: 'warning' | 'error';
  code: CardMessageCode;
  /** A complete sentence, ready for a build log. */
  message: string;
  /** The post's id, when the message is about one post. */
  postId?: string;
  /** The option's path (`colors.accent`, `fonts[1]`), when the message is about an option. */
  option?: string;
  /** The file involved (a font, an image), when there is one. */
  file?: string;
}

/** Thrown in strict mode (after every post was tried), or for options that make rendering impossible. */
export class CardsError extends Error {
  override readonly name = 'CardsError';
  /** Every error that led to this one, warnings included when strict mode turned them into errors. */
  readonly messages: CardMessage[];

  constructor(messages: CardMessage[], summary?: string) {
    const lines = messages.map((m) => `  - ${m.message}`).join('\n');
    super(`${summary ?? `Share cards: ${messages.length} problem(s)`}:\n${lines}`);
    this.messages = messages;
  }
}

/** Collects messages, de-duplicates them and turns warnings into errors in strict mode. */
export class MessageLog {
  readonly messages: CardMessage[] = [];
  readonly #seen = new Set<string>();
  readonly #strict: boolean;
  readonly #onMessage: ((message: CardMessage) => void) | undefined;

  constructor(strict: boolean, onMessage?: (message: CardMessage) => void) {
    this.#strict = strict;
    this.#onMessage = onMessage;
  }

  /** Records a message (once); a warning becomes an error in strict mode. Returns the stored message. */
  add(message: CardMessage): CardMessage {
    const stored: CardMessage = this.#strict && message.level === 'warning' ? { ...message, level: 'error' } : message;
    const key = `${stored.code}\u0000${stored.postId ?? ''}\u0000${stored.option ?? ''}\u0000${stored.message}`;
    if (this.#seen.has(key)) return stored;
    this.#seen.add(key);
    this.messages.push(stored);
    this.#onMessage?.(stored);
    return stored;
  }

  /** The errors recorded so far. */
  get errors(): CardMessage[] {
    return this.messages.filter((m) => m.level === 'error');
  }
}

/** Builds a warning. */
export function warning(code: CardMessageCode, message: string, about: Partial<CardMessage> = {}): CardMessage {
  return { level: 'warning', code, message, ...about };
}

/** Builds an error. */
export function error(code: CardMessageCode, message: string, about: Partial<CardMessage> = {}): CardMessage {
  return { level: 'error', code, message, ...about };
}
