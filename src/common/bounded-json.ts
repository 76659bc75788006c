import { ValidateBy, ValidationOptions } from 'class-validator';
import { escapePointerToken } from './domain-error';

export interface JsonLimits {
  /** Objects and arrays nested inside each other, the outermost counting as 1. */
  maxDepth: number;
  /** Object keys at every level together. */
  maxKeys: number;
  /** Size as JSON, in UTF-8 bytes. */
  maxBytes: number;
}

/**
 * Answers to a questionnaire are flat (key → text, number, date or a list of choices), so these
 * leave room and still bound the work one request can cause in validation, storage and hashing.
 */
export const ANSWERS_LIMITS: JsonLimits = { maxDepth: 4, maxKeys: 500, maxBytes: 64 * 1024 };

/** Deeper than any request body needs; checked before anything walks the body recursively. */
export const BODY_MAX_DEPTH = 32;

/**
 * What is wrong with free-form JSON against the limits, or null. The walk is iterative and stops
 * at the first limit passed, so a hostile value cannot exhaust the stack or the CPU here.
 */
export function jsonLimitProblem(value: unknown, limits: JsonLimits): string | null {
  const stack: Array<{ node: unknown; depth: number }> = [{ node: value, depth: 1 }];
  let keys = 0;
  while (stack.length) {
    const { node, depth } = stack.pop()!;
    if (node === null || typeof node !== 'object') continue;
    if (depth > limits.maxDepth) return `must be nested at most ${limits.maxDepth} levels deep`;
    const children = Array.isArray(node) ? node : Object.values(node);
    if (!Array.isArray(node)) keys += children.length;
    if (keys > limits.maxKeys) return `must have at most ${limits.maxKeys} keys`;
    for (const child of children) stack.push({ node: child, depth: depth + 1 });
  }
  const bytes = Buffer.byteLength(JSON.stringify(value) ?? '', 'utf8');
  if (bytes > limits.maxBytes)
    return `must be at most ${Math.floor(limits.maxBytes / 1024)} KiB as JSON (is ${Math.ceil(bytes / 1024)} KiB)`;
  return null;
}

/** Free-form JSON within the limits; the problem names the field and the limit passed. */
export function IsBoundedJson(limits: JsonLimits = ANSWERS_LIMITS, options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isBoundedJson',
      validator: {
        validate: (value) => jsonLimitProblem(value, limits) === null,
        defaultMessage: (args) => jsonLimitProblem(args?.value, limits) ?? 'is too large',
      },
    },
    options,
  );
}

/**
 * The JSON pointer of the first value nested deeper than `maxDepth`, or null; iterative, so a
 * body nested a hundred thousand levels is refused before anything walks it recursively.
 */
export function pointerTooDeep(value: unknown, maxDepth: number, at = ''): string | null {
  const stack: Array<{ node: unknown; depth: number; pointer: string }> = [{ node: value, depth: 1, pointer: at }];
  while (stack.length) {
    const { node, depth, pointer } = stack.pop()!;
    if (node === null || typeof node !== 'object') continue;
    if (depth > maxDepth) return pointer;
    for (const [key, child] of Object.entries(node)) {
      stack.push({ node: child, depth: depth + 1, pointer: `${pointer}/${escapePointerToken(key)}` });
    }
  }
  return null;
}
