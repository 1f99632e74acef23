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
  signedBy: '审签人',
  reason: '退回意见',
  noLiaison: '未留联络员',
  office: '协调办公室',
} as const;

/** The 对比上期 line (console's 汇总表, above the printed table). */
export function compareText(previousName: string | null): string {
  return previousName ? `对比上期（${previousName}）：本期新增内容加下划线` : '对比上期：没有上一期，未作标注';
}

/** What a review step is called in an entry's history. */
export const REVIEW_STEP_LABELS = { submit: '审签报送', approve: '审核通过', return: '退回' } as const;
