// The add-in's user-facing texts that the core raises (the pane's own labels live in its HTML and
// pane.ts). One place, so both hosts say the same thing.
export const TEXTS = {
  noPeriods: '服务器上还没有填报期次，请联系协调办公室。',
  layoutFirst: '请先点击“生成本单位填报表”。',
  coordinatorReadOnly: '协调办公室的汇总表为只读，无需同步；请重新生成汇总表获取最新内容。',
  conflictGone: '该冲突已处理。',
  orphaned: (n: number) =>
    `工作表中有 ${n} 处未同步的修改属于已调整、不再由本单位负责的举措。请先复制保存这些内容（或联系协调办公室），再重新生成填报表。`,
  conflictMoved: (who: string | null) => `${who ? `${who} ` : '同事'}刚刚又修改了这一内容，请查看下方最新内容后重新选择。`,
  cellEditWait: '请先结束单元格编辑（按 Enter 或 Esc），操作将自动继续……',
  cellEditTimeout: '请先结束单元格编辑（按 Enter 或 Esc），再点“同步”。已同步的内容不会丢失。',
} as const;
