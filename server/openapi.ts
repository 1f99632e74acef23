// The OpenAPI 3.1 document: the route table (shared/api/routes.ts) joined with the contract's
// zod schemas (shared/api/endpoints.ts, z.toJSONSchema), so the document cannot drift from where
// the server mounts its routes, what it validates and what the clients send.
import { z } from 'zod';
import { ErrorBody } from '../shared/api/common';
import { schemas, type EndpointSchemas } from '../shared/api/endpoints';
import { paramNames, routes, type RouteDef, type RouteName } from '../shared/api/routes';

const schema = (s: z.ZodType, io: 'input' | 'output') => z.toJSONSchema(s, { io, unrepresentable: 'any' });

/** Express `:name` parameters → OpenAPI `{name}` (a literal suffix such as `.xlsx` stays). */
export const openApiPath = (path: string) => path.replace(/:([A-Za-z][A-Za-z0-9_]*)/g, '{$1}');

const ACCESS_NOTE = { public: '公开（无需访问码）', signedIn: '需访问码', office: '仅协调办公室访问码' } as const;

function queryParameters(route: RouteDef, s: EndpointSchemas): unknown[] {
  const props = s.query ? ((schema(s.query, 'input') as { properties?: Record<string, unknown> }).properties ?? {}) : {};
  return route.query.map((name) => ({ name, in: 'query', schema: props[name] ?? { type: 'string' } }));
}

function requestBody(route: RouteDef, s: EndpointSchemas): unknown {
  if (route.body === 'file') {
    const bytes = { schema: { type: 'string', format: 'binary' } };
    return { required: true, content: { 'application/octet-stream': bytes, 'multipart/form-data': { schema: { type: 'object' } } } };
  }
  if (s.request) return { required: true, content: { 'application/json': { schema: schema(s.request, 'input') } } };
  return undefined;
}

function operation(id: RouteName): Record<string, unknown> {
  const route: RouteDef = routes[id];
  const s: EndpointSchemas = schemas[id];
  const ok = s.response
    ? { description: 'OK', content: { 'application/json': { schema: schema(s.response, 'output') } } }
    : { description: 'OK', content: { [route.produces ?? 'application/octet-stream']: { schema: { type: 'string', format: 'binary' } } } };
  const op: Record<string, unknown> = {
    operationId: id,
    description: ACCESS_NOTE[route.access],
    parameters: [...paramNames(route.path).map((p) => ({ name: p, in: 'path', required: true, schema: { type: 'string' } })), ...queryParameters(route, s)],
    responses: {
      '200': ok,
      default: { description: '错误', content: { 'application/json': { schema: schema(ErrorBody, 'output') } } },
    },
  };
  const body = requestBody(route, s);
  if (body) op.requestBody = body;
  if (route.access !== 'public') op.security = [{ accessCode: [] }];
  return op;
}

export function buildOpenApi(version: string): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const id of Object.keys(routes) as RouteName[]) {
    const path = openApiPath(routes[id].path);
    paths[path] = { ...(paths[path] ?? {}), [routes[id].method]: operation(id) };
  }
  return {
    openapi: '3.1.0',
    info: { title: 'fengong 分工表协同填报 API', version },
    components: { securitySchemes: { accessCode: { type: 'http', scheme: 'bearer', description: '访问码' } } },
    paths,
  };
}
