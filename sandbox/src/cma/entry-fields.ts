/**
 * Checks entry fields against the content type's schema the way the CMA does for the types the
 * sandbox models: a known field of the wrong type is a 422 naming the field path; fields the schema
 * does not know are dropped (the CMA ignores them). `partial` is for entry variants, whose bodies
 * carry only the overridden fields.
 */
import type { FieldErrors } from '../core/errors';
import { isObject } from './field-paths';
import type { Fields, SchemaField } from './model';

const SYSTEM_KEYS = new Set(['tags', '_metadata']);

const typeError = (dataType: string, multiple: boolean): string =>
  multiple ? `must be a list of ${dataType} values.` : `is not a valid ${dataType}.`;

const scalarOk = (dataType: string, value: unknown): boolean => {
  switch (dataType) {
    case 'text':
    case 'isodate':
      return typeof value === 'string';
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'boolean':
      return typeof value === 'boolean';
    default:
      return true;
  }
};

export const checkFields = (
  schema: readonly SchemaField[],
  input: Fields,
  options: { partial: boolean; prefix?: string },
): { fields: Fields; errors: FieldErrors } => {
  const errors: FieldErrors = {};
  const fields: Fields = {};
  const prefix = options.prefix ?? '';
  const fail = (path: string, message: string): void => {
    (errors[path] ??= []).push(message);
  };
  for (const [key, value] of Object.entries(input)) {
    if (SYSTEM_KEYS.has(key)) fields[key] = value;
  }
  for (const field of schema) {
    const path = `${prefix}${field.uid}`;
    const value = input[field.uid];
    if (value === undefined || value === null || value === '') {
      if (field.mandatory === true && !options.partial) fail(path, 'is required.');
      if (value !== undefined) fields[field.uid] = value;
      continue;
    }
    const multiple = field.multiple === true || field.data_type === 'blocks';
    const items: unknown[] = multiple ? (Array.isArray(value) ? value : []) : [value];
    if (multiple && !Array.isArray(value)) {
      fail(path, typeError(field.data_type, true));
      continue;
    }
    let ok = true;
    for (const item of items) {
      if (field.data_type === 'group') {
        if (!isObject(item)) {
          ok = false;
          continue;
        }
        const nested = checkFields(field.schema ?? [], item, { partial: options.partial, prefix: `${path}.` });
        Object.assign(errors, nested.errors);
      } else if (field.data_type === 'blocks') {
        const blockUid = isObject(item) ? Object.keys(item)[0] : undefined;
        const block = field.blocks?.find((b) => b.uid === blockUid);
        const inner = blockUid !== undefined && isObject(item) ? item[blockUid] : undefined;
        if (block === undefined || !isObject(inner)) {
          ok = false;
          continue;
        }
        const nested = checkFields(block.schema ?? [], inner, {
          partial: options.partial,
          prefix: `${path}.${block.uid}.`,
        });
        Object.assign(errors, nested.errors);
      } else if (!scalarOk(field.data_type, item)) {
        ok = false;
      }
    }
    if (!ok) fail(path, typeError(field.data_type, multiple));
    fields[field.uid] = value;
  }
  return { fields, errors };
};
