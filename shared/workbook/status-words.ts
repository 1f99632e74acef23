// The one table of words units type for a status (正常推进, 已办结, 进度滞后 …) and how they read
// as the four statuses. Used to read a status cell and to recognise a status column by its content,
// whatever its title. A word not in the table is never guessed: the caller reports it with its row.
import { STATUSES, type Status } from '../model/fields';

/** Typed word (compared after normalizeStatusWord) → status. The four statuses map to themselves. */
export const STATUS_SYNONYMS: Readonly<Record<string, Status>> = {
  未启动: '未启动',
  未开始: '未启动',
  尚未启动: '未启动',
  尚未开始: '未启动',
  暂未启动: '未启动',
  未开展: '未启动',
  尚未开展: '未启动',
  暂未开展: '未启动',
  未实施: '未启动',
  待启动: '未启动',

  推进中: '推进中',
  进行中: '推进中',
  正在推进: '推进中',
  正在进行: '推进中',
  正在实施: '推进中',
  实施中: '推进中',
  开展中: '推进中',
  正在开展: '推进中',
  正常推进: '推进中',
  按计划推进: '推进中',
  按序推进: '推进中',
  按序时推进: '推进中',
  序时推进: '推进中',
  有序推进: '推进中',
  稳步推进: '推进中',
  持续推进: '推进中',
  积极推进: '推进中',
  加快推进: '推进中',
  顺利推进: '推进中',
  进展顺利: '推进中',
  正常: '推进中',

  已完成: '已完成',
  完成: '已完成',
  全部完成: '已完成',
  已全部完成: '已完成',
  按期完成: '已完成',
  已按期完成: '已完成',
  已办结: '已完成',
  办结: '已完成',
  已完结: '已完成',
  完结: '已完成',
  已落实: '已完成',

  滞后: '滞后',
  进度滞后: '滞后',
  推进滞后: '滞后',
  推进缓慢: '滞后',
  进展缓慢: '滞后',
  进度落后: '滞后',
  落后: '滞后',
  延期: '滞后',
  已延期: '滞后',
  延迟: '滞后',
  逾期: '滞后',
  未按期完成: '滞后',
  未按时完成: '滞后',
};

/** Under a 是否完成 header, 是 / √ mean 已完成; 否 says only "not done", which is not a status. */
const YES_WORDS = new Set(['是', '√', '✓', '✔', '已']);
const NO_WORDS = new Set(['否', '×', '✗', '✘', '未']);

/** Spaces, trailing punctuation and a leading "状态：" are not part of the word. */
export function normalizeStatusWord(text: string): string {
  return text
    .replace(/[\s\u3000]+/g, '')
    .replace(/^(完成)?(状态|情况|进度)[:：]/, '')
    .replace(/^[（(【\[]|[）)】\]]$/g, '')
    .replace(/[。.！!；;，,、]+$/, '');
}

/** Is this a 是否完成-style header (a yes/no column)? */
export function isYesNoHeader(header: string): boolean {
  return /是否(已)?(完成|办结|落实)/.test(header.replace(/[\s\u3000]+/g, ''));
}

export type StatusReading = { status: Status } | { status: null; reason: string };

/** A typed status → one of STATUSES, or why it cannot be read as one (for the report). */
export function readStatus(text: string, header = ''): StatusReading {
  const t = normalizeStatusWord(text);
  const s = STATUS_SYNONYMS[t];
  if (s) return { status: s };
  if (isYesNoHeader(header)) {
    if (YES_WORDS.has(t)) return { status: '已完成' };
    if (NO_WORDS.has(t)) return { status: null, reason: `“${t}”只说明尚未完成，无法确定是${STATUSES.filter((x) => x !== '已完成').join('、')}中的哪一种` };
  }
  return { status: null, reason: `完成状态“${t.slice(0, 40)}”无法识别（应为 ${STATUSES.join('、')}，或“正常推进”“已办结”“进度滞后”等同义词）` };
}

/** A typed status → one of STATUSES, or null when it cannot be read as one. */
export function normalizeStatus(text: string, header = ''): Status | null {
  return readStatus(text, header).status;
}

/** Longer than this, a cell is a sentence, not a status (the longest word in the table is 6). */
const MAX_STATUS_CHARS = 16;
const STATUS_STEM = /完成|推进|启动|滞后|开展|进行|办结|实施|延期|延迟|落实|开工|缓慢|正常/;

/**
 * How a cell reads for recognising a status column by its content: a status word of the table
 * ('word'), a status someone typed that the table does not know, such as 完成了一半 or 基本完成 — a
 * short word with a status stem and no sentence in it ('like': reported, not taken) — or neither.
 */
export function statusKind(text: string, header = ''): 'word' | 'like' | null {
  if (text.length > MAX_STATUS_CHARS) return null;
  const r = readStatus(text, header);
  if (r.status !== null) return 'word';
  const t = normalizeStatusWord(text);
  if (isYesNoHeader(header) && NO_WORDS.has(t)) return 'word';
  return [...t].length <= 8 && !/[。，；;,]/.test(t) && STATUS_STEM.test(t) ? 'like' : null;
}
