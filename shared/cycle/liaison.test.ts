import { describe, expect, it } from 'vitest';
import { EMPTY_LIAISON, liaisonHolders } from './liaison';

describe('liaisonHolders', () => {
  it('offers the liaison then the deputy, each with how to reach them; nobody without a name', () => {
    expect(liaisonHolders({ ...EMPTY_LIAISON, name: '孙主任', mobile: '139', deputyName: '周科长', deputyOfficePhone: '0531' })).toEqual([
      { role: 'liaison', name: '孙主任', line: '孙主任（手机 139）' },
      { role: 'deputy', name: '周科长', line: '周科长（办公 0531）' },
    ]);
    expect(liaisonHolders({ ...EMPTY_LIAISON, mobile: '139', deputyName: '周科长' })).toEqual([{ role: 'deputy', name: '周科长', line: '周科长' }]);
    expect(liaisonHolders(undefined)).toEqual([]);
  });
});
