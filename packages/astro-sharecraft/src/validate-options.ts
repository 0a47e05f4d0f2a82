import { AstroError } from 'astro/errors';
import type { z } from 'astro/zod';
import { optionsSchema, type ResolvedSharecraftOptions } from './options.js';

function describeIssue(issue: z.core.$ZodIssue): string {
  const path = issue.path.map(String).join('.');
  switch (issue.code) {
    case 'invalid_union': {
      // `false` or an object: say what is wrong inside the object the owner wrote, if they wrote one.
      const branch = issue.errors.find(
        (errors) => errors[0] && errors[0].code !== 'invalid_value' && errors[0].path.length > 0,
      );
      const inner = branch?.[0];
      if (inner) return describeIssue({ ...inner, path: [...issue.path, ...inner.path] } as z.core.$ZodIssue);
      const expected = issue.errors.map((errors) => {
        const first = errors[0];
        if (first?.code === 'invalid_type') return first.expected === 'object' ? 'an object' : `a ${first.expected}`;
        if (first?.code === 'invalid_value')
          return first.values.map((value) => `\`${JSON.stringify(value)}\``).join(' or ');
        return first?.message ?? 'something else';
      });
      return `Option \`${path}\` must be ${expected.join(' or ')}; got ${describeValue((issue as { input?: unknown }).input)}.`;
    }
    case 'unrecognized_keys':
      return `Unknown option${issue.keys.length > 1 ? 's' : ''} ${issue.keys
        .map((key) => `\`${path ? `${path}.` : ''}${key}\``)
        .join(', ')}.`;
    case 'invalid_type':
      return `Option \`${path}\` must be ${issue.expected === 'array' ? 'an array' : `a ${issue.expected}`}; got ${describeValue(issue.input)}.`;
    case 'invalid_value':
      return `Option \`${path}\` must be one of ${issue.values.map((value) => JSON.stringify(value)).join(', ')}; got ${describeValue(issue.input)}.`;
    default:
      return `Option \`${path || '(root)'}\`: ${issue.message}`;
  }
}

function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return 'an array';
  if (value === null) return 'null';
  return typeof value === 'object' ? 'an object' : `${typeof value} ${String(value)}`;
}

/**
 * Validates what the owner passed to `sharecraft()`. A mistake fails the build with an AstroError
 * that names the option and the type it should have, never a raw schema dump.
 */
export function validateOptions(input: unknown): ResolvedSharecraftOptions {
  const parsed = optionsSchema.safeParse(input, { reportInput: true });
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map(describeIssue);
  throw new AstroError(
    `Invalid Sharecraft options in your Astro config:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`,
    `Fix the option in the \`sharecraft({ … })\` call in astro.config.*. Every option is listed, with its type and default, under “Options” in the astro-sharecraft README, and your editor shows them as you type.`,
  );
}
