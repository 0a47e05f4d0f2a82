// Reads a package.json `exports` field the way Node does, to check a packed package against it.

export interface ExportTarget {
  /** `.`, `./ids`, `./components/*` */
  subpath: string;
  /** The conditions on the way to the target, outermost first (`types`, `import`, `default`…). */
  conditions: string[];
  /** `./dist/index.js`, `./components/*` */
  target: string;
}

function targets(value: unknown, subpath: string, conditions: string[]): ExportTarget[] {
  if (typeof value === 'string') return [{ subpath, conditions, target: value }];
  if (Array.isArray(value)) return value.flatMap((item) => targets(item, subpath, conditions));
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([condition, inner]) => targets(inner, subpath, [...conditions, condition]));
  }
  return []; // null: the subpath is deliberately not exported
}

/** Every target of every subpath and condition of an `exports` field. */
export function exportTargets(exports: unknown): ExportTarget[] {
  if (exports === undefined) return [];
  const isSubpathMap =
    exports !== null &&
    typeof exports === 'object' &&
    !Array.isArray(exports) &&
    Object.keys(exports).every((key) => key.startsWith('.'));
  if (!isSubpathMap) return targets(exports, '.', []);
  return Object.entries(exports as Record<string, unknown>).flatMap(([subpath, value]) => targets(value, subpath, []));
}

/** The files (relative, `/`-separated, as in a tarball listing) a target points at; a `*` pattern may match many. */
export function filesOf(target: string, files: string[]): string[] {
  const path = target.replace(/^\.\//, '');
  const star = path.indexOf('*');
  if (star === -1) return files.includes(path) ? [path] : [];
  const [prefix, suffix] = [path.slice(0, star), path.slice(star + 1)];
  return files.filter(
    (file) => file.length > prefix.length + suffix.length && file.startsWith(prefix) && file.endsWith(suffix),
  );
}
