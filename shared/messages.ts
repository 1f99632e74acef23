// All user-facing error codes and their Chinese messages live here (one place).
// Codes are stable: clients and tests match on them, never on the message text.
export const ERRORS = {
  BAD_JSON: '请求内容不是有效的 JSON。',
  INVALID_REQUEST: '请求内容不符合要求。',
  PAYLOAD_TOO_LARGE: '提交的内容过大。',
  BATCH_TOO_LARGE: '一次同步提交的文字过多，本批修改均未保存。请分批提交（加载项和填报页面会自动分批）。',
  NOT_FOUND: '未找到请求的内容。',
  UNAUTHENTICATED: '请先输入访问码登录。',
  BAD_CODE: '访问码无效、已过期或已停用。',
  RATE_LIMITED: '登录失败次数过多，请稍后再试。',
  FORBIDDEN: '无权执行此操作。',
  COORDINATOR_ONLY: '此操作仅限协调办公室。',
  NOT_YOUR_ENTRY: '只能填写本单位负责的举措。',
  UNKNOWN_MEASURE: '举措不存在。',
  UNKNOWN_UNIT: '单位不存在。',
  UNKNOWN_PERIOD: '填报期次不存在。',
  NOT_ASSIGNED: '该单位不负责此举措。',
  PERIOD_CLOSED: '本期填报已关闭，不能再修改。如需补报，请联系协调办公室。',
  STALE_CURSOR: '同步游标无效，请重新完整同步。',
  INVALID_STATUS: '完成状态只能是：未启动、推进中、已完成、滞后。',
  VALUE_TOO_LONG: '填写内容过长。',
  CONFLICT_RESOLVED: '该冲突已处理。',
  DUPLICATE_CHANGE_ID: '变更编号已用于另一项修改（其他内容、期次或单位），未保存。请重新生成编号后再提交。',
  CONFLICT_MOVED: '该内容在您处理期间已被他人修改，请查看最新内容后重新选择。',
  INVALID_TEXT: '内容含有不能保存的字符（控制字符或残缺的文字编码），请删除后重新提交。',
  SOURCE_NOT_ALLOWED: '此访问码不能以该来源提交修改。',
  NOT_A_GROUP: '该单位不是待落实的单位组（如“省有关部门”），不能按组落实。',
  UNKNOWN_CONFLICT: '冲突不存在。',
  // the 督办 cycle (shared/cycle)
  SIGNOFF_REQUIRED: '请填写审签人（本单位审核签发的负责人姓名，不超过 50 字）。',
  NOT_SUBMITTED: '该单位本期尚未报送，不能审核。',
  ALREADY_REVIEWED: '该单位的报送已审核；单位重新报送后才能再次审核。',
  REASON_REQUIRED: '请填写理由或意见（不超过 500 字）。',
  NO_LIAISON_HEADER: '文件中没有找到联络员名单的表头（需要“单位”列，以及“联络员”“办公电话”“手机”等列）。',
  INVALID_DEADLINE: '日期格式应为 YYYY-MM-DD（可加时间 HH:mm）。',
  NOT_LATER: '申请的截止日期应晚于现行截止日期。',
  EXTENSION_PENDING: '本单位已有一项延期申请待批复。',
  ALREADY_DECIDED: '该延期申请已批复。',
  UNKNOWN_EXTENSION: '延期申请不存在。',
  EVIDENCE_TYPE: '佐证材料只能是 PDF、JPG/PNG 图片、Word（.docx）或 Excel（.xlsx）文件（按文件内容判断，不看扩展名）。',
  EVIDENCE_LIMIT: '该条目的佐证材料数量已达上限。',
  UNKNOWN_EVIDENCE: '佐证材料不存在。',
  MEASURE_CLOSED: '该举措已办结，不再填报。如需修改，请联系协调办公室重新打开。',
  NOT_CLOSED: '该举措未办结。',
  // importer / files
  EMPTY_FILE: '文件为空。',
  UNSUPPORTED_FILE: '不支持的文件类型，请使用 .txt、.xlsx 或 .docx。',
  NOT_A_TABLE: '文件中没有找到分工表（缺少“序号、主要任务、具体举措、责任单位”表头）。',
  NO_HEADER_ROW: '没有找到表头行（需要“主要任务”“具体举措”“责任单位”等列）。',
  UNREADABLE_FILE: '文件无法读取，可能已损坏或不是所声明的格式。',
  FILE_TOO_LARGE: '文件过大。',
  FILE_NOT_FOUND: '找不到文件，请检查路径。',
  EXPORT_BUSY: '服务器正在生成其他导出文件，请稍后再试。',
  FILES_BUSY: '服务器正在处理其他上传的文件，请稍后再试。',
  PLAN_TOO_LARGE: '分工表过大（具体举措条数超出上限），未导入。请检查文件是否为分工表。',
  ZIP_BOMB: '文件解压后过大或包含过多条目，已拒绝。',
  ENCRYPTED_FILE: '文件已加密，请去除密码后再提交。',
  XLS_NOT_SUPPORTED: '不支持旧版 .xls 格式，请另存为 .xlsx 后再提交。',
  CSV_NOT_SUPPORTED: '这是 CSV 文本文件，不是 Excel 工作簿，请另存为 .xlsx。',
  SHEET_TOO_LARGE: '工作表过大（行列数超出限制）。',
  UNIT_UNKNOWN_IN_FILE: '无法确定文件的填报单位：填报单位栏、标题、工作表名和文件名中都没有可识别的单位名称。请选择本文件的填报单位后再合并（控制台和加载项中可直接选择，命令行用 --unit 单位名称）。',
  UNIT_AMBIGUOUS_IN_FILE: '文件中出现了多个可能的填报单位，请选择本文件属于哪个单位后再合并（控制台和加载项中可直接选择，命令行用 --unit 单位名称）。',
  NOT_A_WORKBOOK: '文件不是 Excel 工作簿或 Word 文档（.xlsx、.docx），请用 Excel、WPS 或 Word 另存后再提交。',
  FORMAT_NOT_SUPPORTED: '不支持此文件格式，请另存为 .xlsx 或 .docx 后再提交。',
  CONVERSION_FAILED: '文件格式转换失败（LibreOffice 未能在限定时间内读取），请用 Excel 或 WPS 另存为 .xlsx（或 .docx）后再提交。',
  NO_FILES: '没有收到文件。',
  NO_REPORT_TABLE: '文件中没有找到填报表：工作表或 Word 表格需要“进展情况”等填报列，以及“序号”或“具体举措”列。',
  PDF_UNAVAILABLE: '服务器无法生成 PDF（缺少浏览器组件），请改用打印视图或导出 .xlsx。',
  INTERNAL: '服务器内部错误，请稍后重试或联系管理员。',
  EXPORT_TIMEOUT: '导出文件生成超时，已中止（服务不受影响）。请稍后重试，或按单位、任务筛选后分批导出。',
  EXPORT_FAILED: '导出文件生成失败（超出服务器的资源限制或处理中断），已中止（服务不受影响）。请稍后重试，或按单位、任务筛选后分批导出。',
} as const;

export type ErrorCode = keyof typeof ERRORS;

/** An error meant for a user: a stable code, a Chinese message, an HTTP status where relevant. */
export class AppError extends Error {
  constructor(
    public readonly code: ErrorCode,
    public readonly status = 400,
    detail?: string,
    public readonly extra?: Record<string, unknown>,
  ) {
    super(detail ? `${ERRORS[code]}（${detail}）` : ERRORS[code]);
    this.name = 'AppError';
  }
}
