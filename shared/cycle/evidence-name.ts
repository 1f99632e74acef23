// The name an evidence file is stored and offered under: the uploader's name without paths,
// control or reserved characters (Windows, zip, HTTP headers), bounded, and ending in the extension
// of what the file really is (a PDF named 报告.exe is stored as 报告.exe.pdf).
export type EvidenceKind = 'pdf' | 'png' | 'jpg' | 'docx' | 'xlsx';

export const EVIDENCE_EXT: Record<EvidenceKind, string> = { pdf: 'pdf', png: 'png', jpg: 'jpg', docx: 'docx', xlsx: 'xlsx' };
export const EVIDENCE_MIME: Record<EvidenceKind, string> = {
  pdf: 'application/pdf',
  png: 'image/png',
  jpg: 'image/jpeg',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

const MAX_STEM = 80;

export function evidenceName(uploaded: string, kind: EvidenceKind): string {
  let base = uploaded.split(/[\\/]/).pop() ?? '';
  base = base
    .replace(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g, '') // controls, bidi overrides
    .replace(/[<>:"|?*]/g, '_')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^\.+/, '')
    .replace(/[. ]+$/, '');
  const ext = EVIDENCE_EXT[kind];
  const m = /^(.*)\.([A-Za-z0-9]{1,5})$/.exec(base);
  let stem = m && m[2].toLowerCase() === ext || (m && kind === 'jpg' && m[2].toLowerCase() === 'jpeg') ? m[1] : base;
  stem = [...stem].slice(0, MAX_STEM).join('').trim();
  if (!stem || /^(con|prn|aux|nul|com\d|lpt\d)$/i.test(stem)) stem = `佐证材料${stem ? `_${stem}` : ''}`;
  return `${stem}.${ext}`;
}
