// URLs of the service's endpoints, built from the route table (shared/api/routes.ts) by every
// client: the add-in, the console and fill page, the CLI. Parameters are percent-encoded whole
// (a unit id with 省 or a space stays one segment); a value that would not survive as a path
// segment is refused here rather than sent to some other route.
import { paramNames, routes, type RouteName, type RouteParams, type RouteQuery, type Routes, type ParamsOf } from './routes';

export type UrlArgs<K extends RouteName> = [ParamsOf<Routes[K]['path']>] extends [never]
  ? [params?: Record<string, never> | null, query?: RouteQuery<K>]
  : [params: RouteParams<K>, query?: RouteQuery<K>];

/** `/api/periods/p%201/entries?since=3` for urlFor('entries', { periodId: 'p 1' }, { since: 3 }). */
export function urlFor<K extends RouteName>(name: K, ...[params, query]: UrlArgs<K>): string {
  const route = routes[name];
  const values = (params ?? {}) as Record<string, unknown>;
  for (const key of Object.keys(values)) {
    if (!paramNames(route.path).includes(key)) throw new Error(`${name}: unknown path parameter ${key}`);
  }
  const path = route.path.replace(/:([A-Za-z][A-Za-z0-9_]*)/g, (_, key: string) => segment(name, key, values[key]));
  return withQuery(path, query as Record<string, unknown> | undefined, route.query, name);
}

function segment(route: string, key: string, value: unknown): string {
  if (typeof value !== 'string' || value === '') throw new Error(`${route}: missing path parameter ${key}`);
  // URL resolution removes "." and ".." segments, so the request would reach another route
  if (value === '.' || value === '..') throw new Error(`${route}: path parameter ${key} cannot be "${value}"`);
  return encodeURIComponent(value);
}

/** Absent values (undefined, null, '') are left out; true/false are sent as 1/0, as the service reads them. */
function withQuery(path: string, query: Record<string, unknown> | undefined, allowed: readonly string[], route: string): string {
  if (!query) return path;
  const qs = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (!allowed.includes(key)) throw new Error(`${route}: unknown query parameter ${key}`);
    if (value === undefined || value === null || value === '') continue;
    qs.set(key, typeof value === 'boolean' ? (value ? '1' : '0') : String(value));
  }
  const s = qs.toString();
  return s ? `${path}?${s}` : path;
}

/** A call's path parameters and query options as one object (the clients' option bags). */
export type RouteCall<K extends RouteName> = { query?: RouteQuery<K> } & ([ParamsOf<Routes[K]['path']>] extends [never]
  ? { params?: Record<string, never> | null }
  : { params: RouteParams<K> });

/** urlFor with the options as one object. */
export function urlOf<K extends RouteName>(name: K, call?: RouteCall<K>): string {
  return (urlFor as (n: K, p?: unknown, q?: unknown) => string)(name, call?.params, call?.query);
}
