// The rule that rolls a measure's units' statuses up into one (shown to the office as written here):
//   no unit has a status yet            → 未填报
//   any unit 滞后                        → 滞后
//   every assigned unit 已完成           → 已完成
//   every status given is 未启动         → 未启动
//   otherwise                            → 推进中
import type { RollupStatus, Status } from './progress';

export const ROLLUP_RULE_TEXT =
  '汇总状态：任一单位“滞后”即为滞后；全部单位“已完成”方为已完成；均未填报为未填报；已填报的均为“未启动”为未启动；其余为推进中。';

export function rollupStatus(statuses: ReadonlyArray<Status | '' | undefined | null>): RollupStatus {
  const given = statuses.filter((s): s is Status => !!s);
  if (given.length === 0) return '未填报';
  if (given.includes('滞后')) return '滞后';
  if (given.length === statuses.length && given.every((s) => s === '已完成')) return '已完成';
  if (given.every((s) => s === '未启动')) return '未启动';
  return '推进中';
}
