import { describe, expect, expectTypeOf, it } from 'vitest';
import { z } from 'zod';
import type { Message } from '../messages.js';
import type { Room } from '../rooms.js';
import type { RouteDef } from '../route.js';
import {
  apiRoutes,
  consoleResources,
  type ApiRouteKey,
  type ApiRoutes,
  type ConsoleResource,
} from './index.js';

const all = Object.entries(apiRoutes).flatMap(([feature, table]) =>
  Object.entries(table as Record<string, RouteDef>).map(([name, route]) => ({ feature, name, route })),
);

describe('route tables', () => {
  it('name each method and path once', () => {
    const keys = all.map(({ route }) => `${route.method} ${route.path}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('validate exactly the parameters each path names', () => {
    for (const { feature, name, route } of all) {
      const inPath = [...route.path.matchAll(/:(\w+)/g)].map((match) => match[1]).sort();
      const validated = Object.keys(route.params?.shape ?? {}).sort();
      expect(validated, `${feature}.${name}`).toEqual(inPath);
    }
  });

  it('say what a success answers: a JSON schema, a non-JSON type, or 204 with nothing', () => {
    for (const { feature, name, route } of all) {
      const answers = [route.response, route.produces].filter((x) => x !== undefined).length;
      expect(answers, `${feature}.${name}`).toBe(route.status === 204 ? 0 : 1);
    }
  });

  it('derive a client type map keyed by "METHOD /path"', () => {
    expectTypeOf<ApiRoutes['GET /api/rooms/:id']['params']>().toEqualTypeOf<{ id: string | number }>();
    expectTypeOf<ApiRoutes['GET /api/rooms/:id']['response']>().toEqualTypeOf<Room>();
    expectTypeOf<ApiRoutes['GET /api/rooms']['params']>().toEqualTypeOf<undefined>();
    expectTypeOf<ApiRoutes['GET /api/rooms/:id/messages']['response']>().toEqualTypeOf<{
      messages: Message[];
    }>();
    expectTypeOf<ApiRoutes['POST /api/rooms']['body']>().toMatchTypeOf<{
      name: string;
      visibility: 'public' | 'private';
    }>();
    expectTypeOf<ApiRoutes['POST /api/auth/logout']['response']>().toEqualTypeOf<undefined>();
    expectTypeOf<ApiRoutes['GET /api/admin/audit/export.csv']['response']>().toEqualTypeOf<Blob>();
    expectTypeOf<'PUT /api/rooms/:id/members/:userId'>().toMatchTypeOf<ApiRouteKey>();
    expect(all.length).toBeGreaterThan(90);
  });
});

describe('console resources', () => {
  it('list through a GET route of the tables that answers an array of their records', () => {
    const tableRoutes = new Set(all.map(({ route }) => route));
    for (const resource of Object.values(consoleResources) as ConsoleResource[]) {
      expect(tableRoutes.has(resource.list), resource.name).toBe(true);
      expect(resource.list.method, resource.name).toBe('GET');
      expect(resource.list.response, resource.name).toBeInstanceOf(z.ZodArray);
      expect((resource.list.response as z.ZodArray).element, resource.name).toBe(resource.record);
      if (resource.sortable.length > 0)
        expect(resource.sortable, resource.name).toContain(resource.defaultSort);
      else expect(resource.list.query, resource.name).toBeUndefined();
    }
  });
});
