/**
 * Tries a font with satori on a one-letter card: `undefined` when satori reads it, else the reason.
 * Satori is imported only here, when the owner configured fonts, so a site without them never loads it
 * on the main thread.
 */
export async function satoriReadError(data: Uint8Array, family: string): Promise<string | undefined> {
  const { satori } = await import('../render/satori.ts');
  try {
    await satori({ type: 'div', props: { style: { display: 'flex' }, children: 'a' } } as never, {
      width: 8,
      height: 8,
      fonts: [
        {
          name: family,
          data: Buffer.from(data.buffer, data.byteOffset, data.byteLength),
          weight: 400,
          style: 'normal',
        },
      ],
    });
    return undefined;
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}
