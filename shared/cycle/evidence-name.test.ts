import { describe, expect, it } from 'vitest';
import { evidenceName } from './evidence-name';

describe('evidence file names', () => {
  it('keeps a good name, drops paths and reserved characters, forces the real extension', () => {
    expect(evidenceName('共建实验室名单.pdf', 'pdf')).toBe('共建实验室名单.pdf');
    expect(evidenceName('C:\\Users\\a\\照片 1.JPEG', 'jpg')).toBe('照片 1.jpg');
    expect(evidenceName('../../etc/passwd', 'pdf')).toBe('passwd.pdf');
    expect(evidenceName('报告.exe', 'pdf')).toBe('报告.exe.pdf');
    expect(evidenceName('a<b>:"c|?*.docx', 'docx')).toBe('a_b___c___.docx');
    expect(evidenceName('evil\u202egpj.exe', 'png')).toBe('evilgpj.exe.png');
    expect(evidenceName('...', 'xlsx')).toBe('佐证材料.xlsx');
    expect(evidenceName('CON', 'pdf')).toBe('佐证材料_CON.pdf');
    expect(evidenceName('名'.repeat(200) + '.pdf', 'pdf')).toBe('名'.repeat(80) + '.pdf');
  });
});
