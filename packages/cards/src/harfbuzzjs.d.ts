// The parts of harfbuzzjs (HarfBuzz compiled to WebAssembly; it ships no types) that glyph-text.ts uses.
declare module 'harfbuzzjs' {
  export interface HbGlyph {
    /** Glyph id; 0 is .notdef (the font has no glyph for the character). */
    g: number;
    /** Cluster: the index of the first character the glyph came from. */
    cl: number;
    ax: number;
    ay: number;
    dx: number;
    dy: number;
  }
  export interface HbBlob {
    destroy(): void;
  }
  export interface HbFace {
    upem: number;
    destroy(): void;
  }
  export interface HbFont {
    glyphToPath(glyph: number): string;
    glyphExtents(glyph: number): { xBearing: number; yBearing: number; width: number; height: number } | null;
    destroy(): void;
  }
  export interface HbBuffer {
    addText(text: string): void;
    guessSegmentProperties(): void;
    json(): HbGlyph[];
    destroy(): void;
  }
  export interface HarfBuzz {
    createBlob(bytes: Uint8Array): HbBlob;
    createFace(blob: HbBlob, index: number): HbFace;
    createFont(face: HbFace): HbFont;
    createBuffer(): HbBuffer;
    shape(font: HbFont, buffer: HbBuffer, features?: string): void;
  }
}
