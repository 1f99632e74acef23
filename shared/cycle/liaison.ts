// 联络员: the person a unit names for the office to chase, with a deputy (B角) — kept in the unit
// registry (PRODUCT.md "Units and liaisons"), shown in the 催报清单 before anyone has filled a row.
import { z } from 'zod';

const Text = (max: number) => z.string().max(max).transform((s) => s.trim());

export const Liaison = z.object({
  name: Text(50),
  officePhone: Text(50),
  mobile: Text(50),
  email: Text(100),
  deputyName: Text(50),
  deputyOfficePhone: Text(50),
  deputyMobile: Text(50),
});
export type Liaison = z.infer<typeof Liaison>;

export const LIAISON_KEYS = ['name', 'officePhone', 'mobile', 'email', 'deputyName', 'deputyOfficePhone', 'deputyMobile'] as const;
export type LiaisonKey = (typeof LIAISON_KEYS)[number];

export const EMPTY_LIAISON: Liaison = { name: '', officePhone: '', mobile: '', email: '', deputyName: '', deputyOfficePhone: '', deputyMobile: '' };

export const isEmptyLiaison = (l: Liaison): boolean => LIAISON_KEYS.every((k) => l[k] === '');

/** 张三（办公 0531-1234567，手机 13800000000）. */
function personLine(name: string, office: string, mobile: string, email = ''): string {
  const how = [office && `办公 ${office}`, mobile && `手机 ${mobile}`, email && `邮箱 ${email}`].filter(Boolean).join('，');
  return `${name || '（未留姓名）'}${how ? `（${how}）` : ''}`;
}

/** One line for a list or a notice: 张三（办公 0531-1234567，手机 13800000000）；备用 李四（…）. */
export function liaisonLine(l: Liaison | null | undefined): string {
  if (!l || isEmptyLiaison(l)) return '';
  const main = l.name || l.officePhone || l.mobile || l.email ? personLine(l.name, l.officePhone, l.mobile, l.email) : '';
  const deputy = l.deputyName || l.deputyOfficePhone || l.deputyMobile ? `备用 ${personLine(l.deputyName, l.deputyOfficePhone, l.deputyMobile)}` : '';
  return [main, deputy].filter(Boolean).join('；');
}

/** Who may hold a unit's access code, from its liaisons (those with a name): the liaison first, then the deputy. */
export function liaisonHolders(l: Liaison | null | undefined): { role: 'liaison' | 'deputy'; name: string; line: string }[] {
  if (!l) return [];
  const out: { role: 'liaison' | 'deputy'; name: string; line: string }[] = [];
  if (l.name) out.push({ role: 'liaison', name: l.name, line: personLine(l.name, l.officePhone, l.mobile, l.email) });
  if (l.deputyName && l.deputyName !== l.name) out.push({ role: 'deputy', name: l.deputyName, line: personLine(l.deputyName, l.deputyOfficePhone, l.deputyMobile) });
  return out;
}
