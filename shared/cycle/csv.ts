// Reading a CSV as offices save it (Excel's 逗号分隔 with a BOM, or WPS): quoted cells with commas,
// doubled quotes and line breaks; CRLF or LF. Decoding (UTF-8 / GBK) is the adapter's job.
export function parseCsv(text: string, limits = { rows: 20_000, cols: 100 }): string[][] {
  const s = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  const endCell = () => {
    if (row.length >= limits.cols) throw new RangeError('too many columns');
    row.push(cell);
    cell = '';
  };
  const endRow = () => {
    endCell();
    if (rows.length >= limits.rows) throw new RangeError('too many rows');
    rows.push(row);
    row = [];
  };
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (quoted) {
      if (c === '"' && s[i + 1] === '"') (cell += '"'), i++;
      else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"' && cell === '') quoted = true;
    else if (c === ',') endCell();
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && s[i + 1] === '\n') i++;
      endRow();
    } else cell += c;
  }
  if (cell !== '' || row.length > 0) endRow();
  return rows;
}
