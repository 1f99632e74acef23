// The OpenAPI 3.1 document, generated from the contract's zod schemas (z.toJSONSchema), so the
// document cannot drift from what the server validates and the clients send.
import { z } from 'zod';
import * as contract from '../shared/api/contract';
import { ErrorBody } from '../shared/api/contract';

interface EndpointDef {
  method: string;
  path: string;
  request?: z.ZodType;
  response?: z.ZodType;
  query?: z.ZodType;
}

function isEndpoint(v: unknown): v is EndpointDef {
  return !!v && typeof v === 'object' && typeof (v as EndpointDef).method === 'string' && typeof (v as EndpointDef).path === 'string';
}

/** All endpoint tables exported by the contract (`api`, `workbookApi`, …). */
function endpoints(): [string, EndpointDef][] {
  const out: [string, EndpointDef][] = [];
  for (const [name, value] of Object.entries(contract)) {
    if (name !== 'api' && !name.endsWith('Api')) continue;
    if (!value || typeof value !== 'object') continue;
    for (const [id, ep] of Object.entries(value as Record<string, unknown>)) if (isEndpoint(ep)) out.push([id, ep]);
  }
  return out;
}

const schema = (s: z.ZodType, io: 'input' | 'output') => z.toJSONSchema(s, { io, unrepresentable: 'any' });

export function buildOpenApi(version: string): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const [id, ep] of endpoints()) {
    const params = [...ep.path.matchAll(/:([A-Za-z]+)/g)].map((m) => m[1]);
    const path = ep.path.replace(/:([A-Za-z]+)/g, '{$1}');
    const op: Record<string, unknown> = {
      operationId: id,
      parameters: params.map((p) => ({ name: p, in: 'path', required: true, schema: { type: 'string' } })),
      responses: {
        '200': ep.response
          ? { description: 'OK', content: { 'application/json': { schema: schema(ep.response, 'output') } } }
          : { description: 'OK (file)' },
        default: { description: '错误', content: { 'application/json': { schema: schema(ErrorBody, 'output') } } },
      },
    };
    if (ep.query) {
      const q = schema(ep.query, 'input') as { properties?: Record<string, unknown> };
      for (const [name, s] of Object.entries(q.properties ?? {})) (op.parameters as unknown[]).push({ name, in: 'query', schema: s });
    }
    if (ep.request) op.requestBody = { required: true, content: { 'application/json': { schema: schema(ep.request, 'input') } } };
    if (id !== 'health') op.security = [{ accessCode: [] }];
    paths[path] = { ...(paths[path] ?? {}), [ep.method]: op };
  }
  return {
    openapi: '3.1.0',
    info: { title: 'fengong 分工表协同填报 API', version },
    components: { securitySchemes: { accessCode: { type: 'http', scheme: 'bearer', description: '访问码' } } },
    paths,
  };
}
