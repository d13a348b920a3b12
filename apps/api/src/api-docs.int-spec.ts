import { apiRoutes, type RouteDef } from '@atrio/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../test/harness.js';

interface Operation {
  requestBody?: { content: Record<string, { schema: { properties?: Record<string, unknown> } }> };
  parameters?: Array<{ name: string; in: string; required?: boolean }>;
  responses: Record<string, { content?: Record<string, { schema: unknown }> }>;
}
type Document = { paths: Record<string, Record<string, Operation>> };

let t: TestServer;
let doc: Document;
beforeAll(async () => {
  t = await startTestServer();
  doc = (await t.request('/api/docs-json')).json<Document>();
});
afterAll(() => t?.close());

const tableRoutes = Object.values(apiRoutes).flatMap((table) =>
  Object.values(table as Record<string, RouteDef>),
);
const openApiPath = (path: string) => path.replace(/:(\w+)/g, '{$1}');

describe('the served API is the route tables of libs/protocol', () => {
  it('serves every route of the tables, and no route outside them', () => {
    const served = Object.entries(doc.paths).flatMap(([path, operations]) =>
      Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`),
    );
    const tables = tableRoutes.map((route) => `${route.method} ${openApiPath(route.path)}`);
    expect(served.sort()).toEqual(tables.sort());
  });

  it('documents bodies, query parameters and answers from the tables’ schemas', () => {
    const login = doc.paths['/api/auth/login']!.post!;
    expect(Object.keys(login.requestBody!.content['application/json']!.schema.properties!)).toEqual([
      'username',
      'password',
      'totp',
    ]);
    expect(login.responses['200']!.content!['application/json']!.schema).toMatchObject({
      properties: { token: { type: 'string' } },
    });
    const history = doc.paths['/api/rooms/{id}/messages']!.get!;
    expect(history.parameters!.filter((p) => p.in === 'query').map((p) => [p.name, p.required])).toEqual([
      ['before', false],
      ['limit', false],
    ]);
    for (const route of tableRoutes.filter((r) => r.body)) {
      const operation = doc.paths[openApiPath(route.path)]![route.method.toLowerCase()]!;
      expect(operation.requestBody, `${route.method} ${route.path}`).toBeDefined();
    }
  });
});
