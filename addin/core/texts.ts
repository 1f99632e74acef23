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
  signOffRequired: '请填写审签人（本单位审核签发的负责人）后再报送。',
  /** A sync's changes the service refused because their entry is 办结 (MEASURE_CLOSED). */
  closedNotSent: (n: number, nos: string) =>
    `${n} 处修改未发送：举措 ${nos} 已由协调办公室确认办结，不再填报。您填写的内容仍保留在工作表中，请复制保存，如需修改请联系协调办公室重新打开。`,
} as const;

/** The pane's 审核与办结 panel (addin/taskpane/cycle-panel.ts). */
export const CYCLE_PANE_TEXT = {
  returnedWhole: '协调办公室已退回本单位的报送',
  returnedEntries: (n: number) => `协调办公室已退回本单位报送中的 ${n} 项举措`,
  resubmit: '请按意见修改后同步，并重新报送。',
  approved: (at: string) => `本单位的报送已由协调办公室审核通过（${at}）。`,
  submitted: (at: string, signedBy: string | null) => `已于 ${at} 报送${signedBy ? `（审签：${signedBy}）` : ''}，等待协调办公室审核。`,
  closedEditsTitle: (n: number) => `${n} 处修改属于已办结的举措，不会发送。内容仍在工作表中，请复制保存：`,
  download: '下载佐证材料',
} as const;
