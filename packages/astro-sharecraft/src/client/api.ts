/**
 * What the share script hands the parts it loads on demand (the Mastodon form): records one share
 * from `box` (a block, quote row or popover) with `action` (a network, `copy`, `native`), that is,
 * mints a fresh token, tells the beacon, and returns the URL that carries the token.
 */
export type Share = (box: HTMLElement, action: string) => string;
