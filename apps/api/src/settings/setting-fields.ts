import type { SettingField } from '@atrio/protocol';
import { z } from 'zod';

type JsonSchema = {
  type?: string;
  anyOf?: JsonSchema[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  const?: string | number | boolean;
};

const SIMPLE = ['integer', 'number', 'boolean', 'string'] as const;
type Simple = (typeof SIMPLE)[number];

/** One property as a field, or null when it is not a plain number, boolean or text (maybe null). */
function field(name: string, schema: JsonSchema, required: boolean): SettingField | null {
  const members = schema.anyOf ?? [schema];
  const nullable = members.some((m) => m.type === 'null');
  const values = members.filter((m) => m.type !== 'null');
  const types = new Set(values.map((m) => m.type));
  const [type] = [...types];
  if (types.size !== 1 || !SIMPLE.includes(type as Simple)) return null;
  const bounds = values.length === 1 ? values[0]! : {};
  // zod's int() bounds every integer by Number.MAX_SAFE_INTEGER: not a limit worth showing.
  const meaningful = (n: number | undefined) =>
    n !== undefined && Math.abs(n) < Number.MAX_SAFE_INTEGER ? n : undefined;
  const min = meaningful(bounds.minimum ?? bounds.exclusiveMinimum);
  const max = meaningful(bounds.maximum ?? bounds.exclusiveMaximum);
  return {
    name,
    type: type as Simple,
    nullable,
    required,
    ...(min !== undefined && { min }),
    ...(max !== undefined && { max }),
    ...(bounds.const !== undefined && { constant: bounds.const }),
  };
}

/**
 * The setting's own zod schema as form fields for the console (through zod's JSON Schema): an
 * object of plain values becomes one field per property, a single plain value one unnamed field;
 * anything else (lists, nested objects) null, and the console edits it as JSON.
 */
export function settingFields(schema: z.ZodType): SettingField[] | null {
  let json: JsonSchema;
  try {
    json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'throw' }) as JsonSchema;
  } catch {
    return null;
  }
  if (json.type === 'object' && json.properties) {
    const required = new Set(json.required ?? []);
    const fields = Object.entries(json.properties).map(([name, property]) =>
      field(name, property, required.has(name)),
    );
    return fields.every((f) => f !== null) ? fields : null;
  }
  const single = field('', json, true);
  return single ? [single] : null;
}
