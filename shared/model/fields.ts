// The entry fields and statuses as plain constants (no zod), so browser bundles that only need
// the names — the add-in's task pane — don't pull in the schema library.
export const STATUSES = ['未启动', '推进中', '已完成', '滞后'] as const;
export type Status = (typeof STATUSES)[number];

/** The editable fields of an entry, in sheet order. */
/** Longest text one field may hold. */
export const MAX_FIELD_LENGTH = 20_000;

export const FIELDS = ['status', 'progress', 'problems', 'nextSteps', 'contact'] as const;
export type Field = (typeof FIELDS)[number];

/** Long text fields may be three-way merged sentence by sentence. */
export const TEXT_FIELDS: readonly Field[] = ['progress', 'problems', 'nextSteps'];

export const FIELD_LABELS: Record<Field, string> = {
  status: '完成状态',
  progress: '进展情况',
  problems: '存在问题',
  nextSteps: '下步计划',
  contact: '联系人/电话',
};

/** Every column label of the tables people see (sheets, print, console): the fields and the plan's own. */
export const TABLE_LABELS = {
  no: '序号',
  task: '主要任务',
  measure: '具体举措',
  units: '责任单位',
  ...FIELD_LABELS,
  rollup: '汇总状态',
  summary: '汇总进展',
} as const;
