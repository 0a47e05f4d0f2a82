/**
 * Reads at most `limit` bytes of a request body as text; undefined when it is longer. A body with
 * a Content-Length is read in one go (the HTTP parser never delivers more than it declares); a
 * chunked one is streamed and cut off as soon as it passes the limit. Web streams only, so the
 * same code runs mounted in a site's own server.
 */
export async function readLimited(request: Request, limit: number): Promise<string | undefined> {
  const declared = request.headers.get('content-length');
  if (declared !== null) {
    const length = Number(declared);
    if (!Number.isFinite(length) || length > limit) return undefined;
    const text = await request.text();
    return text.length > limit ? undefined : text;
  }
  if (!request.body) return '';
  const reader = request.body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return text + decoder.decode();
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      return undefined;
    }
    text += decoder.decode(value, { stream: true });
  }
}
