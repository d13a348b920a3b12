import 'reflect-metadata';
import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants.js';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum.js';
import type { RouteDef } from '@atrio/protocol';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { nestPath, ROUTE_DEF } from './route.decorator.js';

const src = join(import.meta.dirname, '..');
const controllerFiles = readdirSync(src, { recursive: true, encoding: 'utf8' }).filter((file) =>
  file.endsWith('.controller.ts'),
);

/** Every `@Route` handler: the table entry it serves and the kinds of arguments it declares. */
async function handlers() {
  const found: Array<{ name: string; route: RouteDef; args: Array<{ type: number; data: unknown }> }> = [];
  for (const file of controllerFiles) {
    const module = (await import(join(src, file))) as Record<string, unknown>;
    for (const controller of Object.values(module)) {
      if (typeof controller !== 'function') continue;
      const prototype = controller.prototype as Record<string, unknown>;
      for (const method of Object.getOwnPropertyNames(prototype)) {
        const route = Reflect.getMetadata(ROUTE_DEF, prototype[method] as object) as RouteDef | undefined;
        if (!route) continue;
        const metadata = (Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, method) ?? {}) as Record<
          string,
          { data: unknown }
        >;
        const args = Object.entries(metadata).map(([key, value]) => ({
          type: Number(key.split(':')[0]),
          data: value.data,
        }));
        found.push({ name: `${controller.name}.${method}`, route, args });
      }
    }
  }
  return found;
}

describe('@Route', () => {
  it('maps table paths to Nest paths under the global prefix', () => {
    expect(nestPath('/api/rooms/:id')).toBe('rooms/:id');
    expect(nestPath('/metrics')).toBe('metrics');
  });

  it('is used by every controller, whose handlers take the body, query and params their route validates', async () => {
    const all = await handlers();
    expect(all.length).toBeGreaterThan(90);
    for (const { name, route, args } of all) {
      const has = (type: RouteParamtypes) => args.some((arg) => arg.type === Number(type));
      // A schema in the table with no argument to receive it would never be checked.
      expect(has(RouteParamtypes.BODY), `${name}: body`).toBe(route.body !== undefined);
      if (route.query) expect(has(RouteParamtypes.QUERY), `${name}: query`).toBe(true);
      const params = args.filter((arg) => arg.type === Number(RouteParamtypes.PARAM)).map((arg) => arg.data);
      expect(
        params.every((param) => route.params?.shape[param as string]),
        `${name}: params`,
      ).toBe(true);
    }
  });
});
