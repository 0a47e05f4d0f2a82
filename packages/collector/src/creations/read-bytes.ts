/**
 * Reads at most `limit` bytes of a request body; undefined as soon as it is longer. A declared
 * Content-Length over the limit is refused before reading anything; otherwise the body is
 * streamed and cut off the moment it passes the limit, so a 50 MB upload costs at most `limit`
 * bytes of memory. Web streams only, so the same code runs mounted in a site's own server.
 */
export async function readBytesLimited(request: Request, limit: number): Promise<Uint8Array<ArrayBuffer> | undefined> {
  const declared = request.headers.get('content-length');
  if (declared !== null) {
    const length = Number(declared);
    if (!Number.isFinite(length) || length > limit) return undefined;
  }
  if (!request.body) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      return undefined;
    }
    chunks.push(value);
  }
  const body = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    body.set(chunk, at);
    at += chunk.byteLength;
  }
  return body;
}
