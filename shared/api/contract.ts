// The HTTP API contract: request and response schemas shared by the server, the add-in, the
// console, the fill page and the CLI, one file per resource; the route table (routes.ts, no zod)
// says where each endpoint is, endpoints.ts joins the two, and the OpenAPI document is generated
// from that. Auth: every /api call except the table's public routes sends
// `Authorization: Bearer <access code>`.
export * from './common';
export * from './identity';
export * from './plans';
export * from './periods';
export * from './sync';
export * from './conflicts';
export * from './reports';
export * from './history';
export * from './units';
export * from './codes';
export * from './workbooks';
export * from './routes';
export * from './endpoints';
export * from './cycle';
