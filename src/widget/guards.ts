/** Small readers for data from outside (no zod in the bundle): never throw, never cast. */

/** `value[key]` when value is an object, else undefined. */
export const prop = (value: unknown, key: string): unknown =>
  value !== null && typeof value === 'object' ? Reflect.get(value, key) : undefined;

export const isString = (value: unknown): value is string => typeof value === 'string';

/** Each key of `value` is a string or absent. */
export const optionalStrings = (value: unknown, keys: string[]): boolean =>
  keys.every((key) => prop(value, key) === undefined || isString(prop(value, key)));
