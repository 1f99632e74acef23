// Reads one 责任单位 paragraph: `省工业和信息化厅、省商务厅等，鲁南4市政府分别负责`.
// 、 separates units; ，/；separate groups (provincial departments ， city governments); 等 ends a
// group whose list is not exhaustive; 分别负责 / 负责 / 牵头 / 配合 are meaning, not names.
import { compact } from './clean-text';

export interface UnitsGroup {
  names: string[];
  /** The group's list ended with 等. */
  open: boolean;
  /** The group was marked 牵头 (leads) explicitly. */
  leads: boolean;
}

export interface ParsedUnits {
  groups: UnitsGroup[];
  /** 分别负责: each unit covers its own part. */
  eachOwnPart: boolean;
}

const RESPONSIBILITY = /(按职责分工|按职责)?(分别)?(牵头)?负责$/;

export function parseUnitsParagraph(raw: string): ParsedUnits {
  let text = compact(raw).replace(/[。；;，,、]+$/u, '');
  let eachOwnPart = false;
  const m = text.match(RESPONSIBILITY);
  if (m) {
    eachOwnPart = Boolean(m[2]);
    text = text.slice(0, m.index);
  }
  const groups: UnitsGroup[] = [];
  for (const part of text.split(/[，,；;]/u)) {
    let body = part.trim();
    let leads = false;
    const role = body.match(/(牵头|配合|参与|协助|协同)$/u);
    if (role) {
      leads = role[1] === '牵头';
      body = body.slice(0, role.index);
    }
    let open = false;
    if (body.endsWith('等')) {
      open = true;
      body = body.slice(0, -1);
    }
    const names = body
      .split(/[、\/／]/u)
      .map((n) => n.trim())
      .filter(Boolean);
    if (names.length) groups.push({ names, open, leads });
  }
  return { groups, eachOwnPart };
}
