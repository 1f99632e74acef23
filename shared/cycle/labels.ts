// The 督办 cycle's words as the office and the units read them (console, fill page, task pane, print).
import type { Light } from './lights';
import type { ReviewState } from './review';
import type { ExtensionState } from './extension';

export const REVIEW_LABELS: Record<ReviewState, string> = {
  'not-submitted': '未报送',
  submitted: '待审核',
  approved: '已通过',
  returned: '已退回',
};

export const LIGHT_LABELS: Record<Light, string> = {
  normal: '正常',
  yellow: '临近截止',
  red: '逾期或退回',
  done: '已报送',
  closed: '已办结',
};

export const EXTENSION_LABELS: Record<ExtensionState, string> = {
  pending: '待批复',
  granted: '已同意',
  declined: '未同意',
};

export const CYCLE_TEXT = {
  closed: '已办结',
  reopened: '已重新打开',
  returnedWhole: '整体退回',
  returnedEntries: '退回举措',
  returnedThisEntry: '退回本条',
  signedBy: '审签人',
  reason: '退回意见',
  noLiaison: '未留联络员',
  office: '协调办公室',
} as const;

/** An evidence file's size as the lists show it (a tiny file in 字节, not "1 KB"). */
export const fileSizeText = (n: number): string => (n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} MB` : n >= 1024 ? `${Math.round(n / 1024)} KB` : `${n} 字节`);

/** 佐证材料 where a unit or the office attaches them. */
export const EVIDENCE_TEXT = {
  title: '佐证材料',
  none: '暂无佐证材料。',
  add: '上传佐证材料',
  accept: '可上传 PDF、JPG/PNG 图片、Word（.docx）、Excel（.xlsx），按文件内容检查类型。',
  remove: '删除',
  confirmRemove: (name: string) => `删除佐证材料“${name}”？`,
  uploaded: (name: string) => `已上传“${name}”。`,
  refused: (name: string, why: string) => `“${name}”未能上传：${why}`,
  removed: '已删除。',
  zip: '下载全部佐证材料（.zip）',
} as const;

/** 延期申请 as the unit asks and the office decides. */
export const EXTENSION_TEXT = {
  title: '延期申请',
  ask: '申请延期',
  date: '申请截止日期',
  reason: '申请理由',
  reasonRequired: '请填写申请延期的理由。',
  sent: '延期申请已提交，等待协调办公室批复。',
  yourDeadline: (d: string) => `本单位截止时间（已批准延期）：${d}`,
  grant: '同意',
  decline: '不同意',
  newDate: '批准的截止日期',
  note: '批复意见',
  declineNeedsNote: '不同意时请填写理由。',
  decided: '已批复。',
  none: '本期没有延期申请。',
} as const;

/** 办结 on the fill page and in the console. */
export const CLOSURE_TEXT = {
  closedEntry: '该举措已由协调办公室确认办结，不再填报。',
  closedTag: '已办结',
  close: '办结',
  closeUnit: '该单位部分办结',
  reopen: '重新打开',
  note: '办结说明',
  wholeMeasure: '整项举措',
  log: '办结记录',
  done: '已办结。',
  reopenedDone: '已重新打开。',
} as const;

/** The 对比上期 line (console's 汇总表, above the printed table). */
export function compareText(previousName: string | null): string {
  return previousName ? `对比上期（${previousName}）：本期新增内容加下划线` : '对比上期：没有上一期，未作标注';
}

/** What a review step is called in an entry's history. */
export const REVIEW_STEP_LABELS = { submit: '审签报送', approve: '审核通过', return: '退回' } as const;

/** The side menu's badges: which page shows which pending count, and what the badge says on hover. */
export const PENDING_BADGES = [
  { page: 'overview', count: 'unreviewed', title: (n: number) => `待审核的报送 ${n} 个` },
  { page: 'overview', count: 'returned', title: (n: number) => `已退回、待重新报送的单位 ${n} 个` },
  { page: 'conflicts', count: 'openConflicts', title: (n: number) => `待处理的冲突 ${n} 处` },
  { page: 'extensions', count: 'pendingExtensions', title: (n: number) => `待批复的延期申请 ${n} 个` },
] as const;
