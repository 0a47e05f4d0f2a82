import { readFile } from 'node:fs/promises';
import { isAbsolute, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { sha256 } from '../assets/hash.ts';
import { defaultTemplate } from '../template/default-template.ts';
import type { CardTemplate, CardTemplateModule } from '../types.ts';

/** A template as worker threads can find it: the built-in one, or a module URL and export name. */
export type TemplateRef = { kind: 'default' } | { kind: 'module'; url: string; exportName: string };

/** Turns the `template` option into something serialisable, plus the in-process function if one was given. */
export function templateRef(
  template: CardTemplate | CardTemplateModule | string | URL | undefined,
  root: string,
): { ref: TemplateRef; fn?: CardTemplate } {
  if (template === undefined) return { ref: { kind: 'default' } };
  if (typeof template === 'function') return { ref: { kind: 'default' }, fn: template };
  const spec = typeof template === 'string' || template instanceof URL ? { module: template } : template;
  const text = String(spec.module);
  const url =
    /^[a-z][a-z0-9+.-]*:/i.test(text) && !/^[a-z]:[\\/]/i.test(text)
      ? text
      : pathToFileURL(isAbsolute(text) ? text : resolve(root, text)).href;
  return { ref: { kind: 'module', url, exportName: spec.export ?? 'default' } };
}

/** Loads the template function a ref points at. */
export async function loadTemplate(ref: TemplateRef): Promise<CardTemplate> {
  if (ref.kind === 'default') return defaultTemplate;
  const mod = (await import(ref.url)) as Record<string, unknown>;
  const fn = mod[ref.exportName];
  if (typeof fn !== 'function') {
    throw new Error(`the template module ${ref.url} has no function export named "${ref.exportName}"`);
  }
  return fn as CardTemplate;
}

/**
 * The template's identity for cache keys: the source of the template module (so an edit re-renders) or
 * of the function. The built-in template is covered by the package's own code hash. Helpers a template
 * imports are not seen: bump `templateVersion` after changing them.
 */
export async function templateIdentity(ref: TemplateRef, fn: CardTemplate | undefined): Promise<string> {
  if (fn) return `function:${sha256(fn.toString())}`;
  if (ref.kind === 'default') return 'default';
  if (ref.url.startsWith('file:')) {
    try {
      return `module:${sha256(await readFile(fileURLToPath(ref.url)))}:${ref.exportName}`;
    } catch {
      // A module that cannot be read here (a bare specifier, say) is identified by its name.
    }
  }
  return `module:${ref.url}:${ref.exportName}`;
}
