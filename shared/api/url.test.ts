import { describe, expect, it } from 'vitest';
import { paramNames, routes, type ParamsOf } from './routes';
import { urlFor, urlOf } from './url';

describe('urlFor', () => {
  it('fills the route table path and encodes each parameter as one segment', () => {
    expect(urlFor('me')).toBe('/api/me');
    expect(urlFor('entries', { periodId: 'p1' }, { since: 42 })).toBe('/api/periods/p1/entries?since=42');
    expect(urlFor('template', { periodId: 'p 1', unitId: '省发展改革委' })).toBe(
      '/api/periods/p%201/templates/%E7%9C%81%E5%8F%91%E5%B1%95%E6%94%B9%E9%9D%A9%E5%A7%94.xlsx',
    );
    // a slash, a question mark, a hash or a percent in a value stay inside their segment
    expect(urlFor('plan', { planId: 'a/b?c#d%e&f' })).toBe('/api/plans/a%2Fb%3Fc%23d%25e%26f');
    expect(urlFor('revokeCode', { codeId: '..x' })).toBe('/api/admin/codes/..x/revoke');
  });

  it('encodes the query; absent values are left out, booleans are sent as 1 / 0', () => {
    expect(urlFor('history', { periodId: 'p' }, { measure: 'm&1=2', unit: '省 委', after: undefined, limit: null })).toBe(
      '/api/periods/p/history?measure=m%261%3D2&unit=%E7%9C%81+%E5%A7%94',
    );
    expect(urlFor('conflicts', { periodId: 'p' }, { open: true })).toBe('/api/periods/p/conflicts?open=1');
    expect(urlFor('importPlan', {}, { apply: false, name: '' })).toBe('/api/admin/plans/import?apply=0');
    expect(urlFor('consolidated', { periodId: 'p' }, {})).toBe('/api/periods/p/consolidated');
  });

  it('refuses a parameter that would not reach the route: missing, empty, "." or ".."', () => {
    expect(() => urlFor('plan', {} as { planId: string })).toThrow(/missing path parameter planId/);
    expect(() => urlFor('plan', { planId: '' })).toThrow(/missing path parameter planId/);
    expect(() => urlFor('plan', { planId: '.' })).toThrow(/cannot be "."/);
    expect(() => urlFor('template', { periodId: 'p', unitId: '..' })).toThrow(/cannot be ".."/);
  });

  it('refuses names the route does not have (a typo is not sent silently)', () => {
    expect(() => urlFor('plan', { planId: 'x', periodId: 'y' } as { planId: string })).toThrow(/unknown path parameter periodId/);
    expect(() => urlFor('entries', { periodId: 'p' }, { sinse: 1 } as unknown as { since: number })).toThrow(/unknown query parameter sinse/);
  });

  it('is typed from the table: parameters and query names are checked at compile time', () => {
    // @ts-expect-error planId is required
    expect(() => urlFor('plan')).toThrow();
    // @ts-expect-error not a query option of entries
    expect(() => urlFor('entries', { periodId: 'p' }, { open: 1 })).toThrow();
    const names: ParamsOf<'/api/periods/:periodId/templates/:unitId.docx'>[] = ['periodId', 'unitId'];
    expect(paramNames(routes.templateDocx.path)).toEqual(names);
    expect(urlOf('assignments', { params: { periodId: 'p' }, query: { unit: 'u1' } })).toBe('/api/periods/p/assignments?unit=u1');
  });
});
