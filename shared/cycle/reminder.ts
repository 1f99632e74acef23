// 催报通知: the notice the office sends the units that have not reported (or were sent back), through
// its own channels — copyable text, one block per unit, listing the measures, the deadline that
// holds for the unit and its liaison. Written the way such notices are written.
import { formatDeadline } from '../model/deadline';
import { officeDate } from '../layout/file-names';
import { liaisonLine, type Liaison } from './liaison';

export interface ReminderUnit {
  unitName: string;
  liaison: Liaison | null;
  /** The unit's own deadline (an extension) or the period's. */
  deadline: string | null;
  measures: { no: string; text: string }[];
  /** Sent back: the office's reason. */
  returned?: { reason: string } | null;
  overdue: boolean;
}

export interface ReminderInput {
  planTitle: string;
  periodName: string;
  officeName?: string;
  units: ReminderUnit[];
  now: Date;
  timeZone: string;
}

const MAX_MEASURE_TEXT = 60;
const short = (t: string) => (t.length > MAX_MEASURE_TEXT ? `${t.slice(0, MAX_MEASURE_TEXT)}…` : t);
const dateWords = (at: Date, tz: string) => formatDeadline(officeDate(at, tz), tz);

export function reminderTitle(i: Pick<ReminderInput, 'planTitle' | 'periodName'>): string {
  return `关于报送《${i.planTitle}》${i.periodName}落实情况的催报通知`;
}

export function reminderBlock(u: ReminderUnit, i: ReminderInput): string {
  const today = dateWords(i.now, i.timeZone);
  const deadline = u.deadline ? formatDeadline(u.deadline, i.timeZone) : '';
  const lines = [`${u.unitName}：`];
  if (u.returned) {
    lines.push(`　　贵单位报送的${i.periodName}落实情况经审核已退回，退回意见：${u.returned.reason}。请按意见修改以下举措后重新报送${deadline ? `（截止时间${deadline}）` : ''}：`);
  } else {
    const when = deadline ? (u.overdue ? `报送截止时间${deadline}已过` : `报送截止时间为${deadline}`) : '';
    lines.push(`　　${i.periodName}落实情况${when ? `${when}，` : ''}截至${today}，贵单位负责的以下举措尚未报送：`);
  }
  for (const m of u.measures) lines.push(`　　${m.no}　${short(m.text)}`);
  lines.push(u.returned
    ? '　　请通过分工表协同填报（加载项、填报页面或离线模板）修改并报送。'
    : `　　请${u.overdue ? '尽快' : '于截止时间前'}通过分工表协同填报（加载项、填报页面或离线模板）填写并报送。`);
  const contact = liaisonLine(u.liaison);
  if (contact) lines.push(`　　贵单位联络员：${contact}。`);
  return lines.join('\n');
}

/** The whole notice: title, one block per unit, signature and date. */
export function reminderText(i: ReminderInput): string {
  const sign = i.officeName ?? '协调办公室';
  return [reminderTitle(i), '', ...i.units.map((u) => reminderBlock(u, i)).flatMap((b) => [b, '']), `　　　　　　　　　　　　${sign}`, `　　　　　　　　　　　　${dateWords(i.now, i.timeZone)}`].join('\n');
}
