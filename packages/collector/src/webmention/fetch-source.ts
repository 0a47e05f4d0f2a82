import { lookup as dnsLookup } from 'node:dns';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { isPublicAddress } from './addresses.js';

/** Most bytes of a source page read; the rest is never downloaded. */
export const MAX_SOURCE_BYTES = 1024 * 1024;

/** Most redirects followed from the source URL. */
export const MAX_SOURCE_REDIRECTS = 5;

/** Default time a whole fetch (every redirect included) may take. */
export const DEFAULT_SOURCE_TIMEOUT_MS = 10_000;

/** How a source is fetched. */
export interface FetchSourceOptions {
  /** The whole fetch, redirects included, in milliseconds (default 10 s). */
  timeoutMs?: number;
  /**
   * Whether an address may be connected to (default: public addresses only, `isPublicAddress`).
   * Tests widen it to reach a site on loopback; nothing else should.
   */
  addressAllowed?(address: string, port: number): boolean;
}

/** A fetched source: its final URL (after redirects), HTTP status, type and the first bytes of its body. */
export interface FetchedSource {
  ok: true;
  url: string;
  status: number;
  contentType: string;
  body: Uint8Array;
  /** True when the body was longer than `MAX_SOURCE_BYTES` and reading stopped there. */
  truncated: boolean;
}

/** Why a source could not be fetched: a machine code and a sentence for people. */
export interface SourceRefused {
  ok: false;
  error:
    | 'bad_scheme'
    | 'private_address'
    | 'too_many_redirects'
    | 'bad_redirect'
    | 'timeout'
    | 'unreachable'
    | 'bad_encoding';
  reason: string;
}

class Refusal extends Error {
  constructor(
    readonly error: SourceRefused['error'],
    reason: string,
  ) {
    super(reason);
  }
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/**
 * Fetches a webmention's source safely: http and https only, at most `MAX_SOURCE_REDIRECTS`
 * redirects (each followed here, its URL checked again), at most `MAX_SOURCE_BYTES` read, one
 * deadline for everything, and only to allowed addresses. Host names are resolved here and the
 * connection goes to the address that was checked, so a name that resolves to a public address when
 * checked and a private one when connecting (DNS rebinding) cannot slip through; the socket's
 * remote address is checked again once connected. Never throws.
 */
export async function fetchSource(
  source: string,
  options: FetchSourceOptions = {},
): Promise<FetchedSource | SourceRefused> {
  const allowed = options.addressAllowed ?? ((address: string) => isPublicAddress(address));
  const signal = AbortSignal.timeout(options.timeoutMs ?? DEFAULT_SOURCE_TIMEOUT_MS);
  let url = source;
  try {
    for (let hop = 0; ; hop++) {
      const response = await get(url, allowed, signal);
      if (REDIRECTS.has(response.status) && response.location !== undefined) {
        if (hop >= MAX_SOURCE_REDIRECTS) {
          throw new Refusal(
            'too_many_redirects',
            `the source redirected more than ${MAX_SOURCE_REDIRECTS} times; link to the final address instead`,
          );
        }
        let next: URL;
        try {
          next = new URL(response.location, url);
        } catch {
          throw new Refusal('bad_redirect', `the source redirected to a malformed address (${response.location})`);
        }
        url = next.href;
        continue;
      }
      return { ok: true, url, ...response.page };
    }
  } catch (error) {
    if (error instanceof Refusal) return { ok: false, error: error.error, reason: error.message };
    if (signal.aborted) {
      return {
        ok: false,
        error: 'timeout',
        reason: `the source did not answer within ${(options.timeoutMs ?? DEFAULT_SOURCE_TIMEOUT_MS) / 1000} s`,
      };
    }
    return { ok: false, error: 'unreachable', reason: `the source could not be fetched (${(error as Error).message})` };
  }
}

interface Answer {
  status: number;
  location?: string | undefined;
  page: Omit<FetchedSource, 'ok' | 'url'>;
}

/** One request, no redirect followed. */
function get(address: string, allowed: (address: string, port: number) => boolean, signal: AbortSignal) {
  const url = new URL(address);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new Refusal('bad_scheme', `only http and https sources are fetched; got ${url.protocol.slice(0, -1)}`);
  }
  const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80));
  const host = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
  const refuse = (ip: string) =>
    new Refusal(
      'private_address',
      `${url.host} is at ${ip}, a private, loopback or link-local address: sources must be on the public internet`,
    );
  if (isIP(host) !== 0 && !allowed(host, port)) throw refuse(host);
  // Resolves the name here and hands the connection the address that passed the check.
  const lookup: LookupFunction = (hostname, lookupOptions, callback) => {
    dnsLookup(hostname, { ...lookupOptions, all: true, verbatim: true }, (error, addresses) => {
      if (error) return callback(error, '', 4);
      const found = addresses.find((entry) => allowed(entry.address, port));
      if (!found) return callback(refuse(addresses[0]?.address ?? 'no address'), '', 4);
      if (lookupOptions.all) return callback(null, [found] as never, found.family);
      callback(null, found.address, found.family);
    });
  };
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise<Answer>((resolve, reject) => {
    const request = send(url, {
      method: 'GET',
      // A fresh connection each time: one from a pool would skip the lookup and its check.
      agent: false,
      lookup,
      signal,
      headers: {
        accept: 'text/html, application/xhtml+xml;q=0.9, */*;q=0.1',
        'accept-encoding': 'identity',
        'user-agent': 'Sharecraft-Webmention (+https://www.w3.org/TR/webmention/)',
      },
    });
    request.on('socket', (socket) => {
      socket.once('connect', () => {
        const remote = socket.remoteAddress ?? '';
        if (!allowed(remote, port)) request.destroy(refuse(remote));
      });
    });
    request.on('error', reject);
    request.on('response', (response: IncomingMessage) => {
      const status = response.statusCode ?? 0;
      if (REDIRECTS.has(status) && response.headers.location) {
        response.resume();
        resolve({ status, location: response.headers.location, page: empty(status) });
        request.destroy();
        return;
      }
      const encoding = (response.headers['content-encoding'] ?? 'identity').toLowerCase();
      if (encoding !== 'identity') {
        request.destroy();
        reject(new Refusal('bad_encoding', `the source answered compressed (${encoding}) though asked not to`));
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      let truncated = false;
      response.on('data', (chunk: Buffer) => {
        if (truncated) return;
        const room = MAX_SOURCE_BYTES - size;
        chunks.push(chunk.byteLength > room ? chunk.subarray(0, room) : chunk);
        size += Math.min(chunk.byteLength, room);
        if (chunk.byteLength > room) {
          truncated = true;
          // Stop downloading: the rest of the page is never read.
          request.destroy();
          finish();
        }
      });
      const finish = () =>
        resolve({
          status,
          page: {
            status,
            contentType: String(response.headers['content-type'] ?? ''),
            body: Buffer.concat(chunks),
            truncated,
          },
        });
      response.on('end', () => {
        if (!truncated) finish();
      });
      response.on('error', (error) => {
        if (!truncated) reject(error);
      });
    });
    request.end();
  });
}

function empty(status: number): Answer['page'] {
  return { status, contentType: '', body: new Uint8Array(0), truncated: false };
}
