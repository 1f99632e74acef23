// Shared styles, injected once (no CSS loader in the webpack setup; this keeps one bundle per page).
const CSS = `
:root { --fg:#1f2329; --muted:#646a73; --line:#dee0e3; --bg:#f5f6f7; --card:#fff; --pri:#b8222b; --pri-d:#8f1a21;
  --ok:#2e7d32; --warn:#c77700; --bad:#c62828; --info:#1f5fbf; font-size:14px; }
* { box-sizing:border-box; }
body { margin:0; font-family:"PingFang SC","Microsoft YaHei","Noto Sans CJK SC","Source Han Sans SC","WenQuanYi Micro Hei",sans-serif;
  color:var(--fg); background:var(--bg); }
header.top { display:flex; align-items:center; gap:16px; padding:0 20px; height:52px; background:var(--pri); color:#fff; }
header.top h1 { font-size:18px; margin:0; font-weight:600; letter-spacing:1px; }
header.top .spacer { flex:1; }
header.top select, header.top button { font-size:13px; }
header.top button { background:transparent; color:#fff; border:1px solid rgba(255,255,255,.6); }
.layout { display:flex; min-height:calc(100vh - 52px); }
nav.side { width:168px; flex:none; background:#fff; border-right:1px solid var(--line); padding:12px 0; }
nav.side a { display:block; padding:10px 20px; color:var(--fg); text-decoration:none; border-left:3px solid transparent; }
nav.side a:hover { background:#fafafa; }
nav.side a.active { border-left-color:var(--pri); color:var(--pri); background:#fdf2f2; font-weight:600; }
nav.side .badge { display:inline-block; min-width:18px; padding:0 5px; margin-left:6px; border-radius:9px; background:var(--bad); color:#fff; font-size:12px; text-align:center; }
nav.side .badge-unreviewed { background:var(--info); } nav.side .badge-pendingExtensions { background:var(--warn); }
main { flex:1; min-width:0; padding:16px 20px 40px; }
@media (min-width:1900px) { .chart { height:360px; } :root { font-size:15px; } }
h2 { font-size:18px; margin:4px 0 12px; }
h3 { font-size:15px; margin:16px 0 8px; }
.card { background:var(--card); border:1px solid var(--line); border-radius:6px; padding:14px 16px; margin-bottom:14px; }
.row { display:flex; gap:12px; flex-wrap:wrap; align-items:center; }
.grid2 { display:grid; grid-template-columns:1fr 1fr; gap:14px; }
@media (max-width:1100px) { .grid2 { grid-template-columns:1fr; } }
.stats { display:flex; gap:12px; flex-wrap:wrap; margin-bottom:14px; }
.stat { background:#fff; border:1px solid var(--line); border-radius:6px; padding:10px 16px; min-width:130px; }
.stat b { display:block; font-size:22px; }
.stat span { color:var(--muted); font-size:12px; }
button { font:inherit; padding:5px 12px; border:1px solid #c9cdd4; border-radius:4px; background:#fff; color:var(--fg); cursor:pointer; white-space:nowrap; }
button:hover:not(:disabled) { border-color:var(--pri); color:var(--pri); }
button.primary { background:var(--pri); color:#fff; border-color:var(--pri); }
button.primary:hover:not(:disabled) { background:var(--pri-d); color:#fff; }
button.link { border:none; background:none; color:var(--info); padding:0 4px; }
button:disabled { opacity:.5; cursor:default; }
input, select, textarea { font:inherit; padding:5px 8px; border:1px solid #c9cdd4; border-radius:4px; background:#fff; color:var(--fg); }
textarea { width:100%; min-height:64px; resize:vertical; line-height:1.5; }
textarea.grow { field-sizing:content; min-height:calc(4lh + 12px); max-height:70vh; overflow-y:auto; }
label.fld { display:flex; flex-direction:column; gap:4px; font-size:13px; color:var(--muted); }
/* separate borders: a sticky header with collapsed borders lets the rows scrolling under it show through its edges */
table.data { width:100%; border-collapse:separate; border-spacing:0; background:#fff; font-size:13px; border-top:1px solid var(--line); border-left:1px solid var(--line); }
table.data th, table.data td { border-right:1px solid var(--line); border-bottom:1px solid var(--line); padding:6px 8px; text-align:left; vertical-align:top; }
table.data th { background:#f2f3f5; font-weight:600; white-space:nowrap; }
table.data thead th { position:sticky; top:0; z-index:2; background-clip:padding-box; box-shadow:0 1px 0 var(--line); }
table.data.fit { table-layout:fixed; }
table.data.fit th, table.data.fit td { white-space:normal; overflow-wrap:anywhere; }
table.data td.center { text-align:center; }
table.data tr.task-row th { background:#f7f8fa; color:var(--pri); font-weight:600; white-space:normal; }
table.data tr.late td { background:#fffaf0; }
table.data th.sortable { cursor:pointer; user-select:none; }
table.data th.sortable::after { content:" ⇅"; color:#aaa; font-weight:normal; }
table.data th.sorted-asc::after { content:" ▲"; color:var(--pri); }
table.data th.sorted-desc::after { content:" ▼"; color:var(--pri); }
table.data td.nowrap { white-space:nowrap; }
table.data td.num { text-align:right; font-variant-numeric:tabular-nums; }
table.data tr:hover td { background:#fafbfc; }
.scroll { overflow:auto; max-height:calc(100vh - 220px); border:1px solid var(--line); }
.scroll table.data { border-top:none; border-left:none; }
.tag { display:inline-block; padding:1px 8px; border-radius:10px; font-size:12px; white-space:nowrap; background:#eef0f3; color:var(--muted); }
.tag.ok, .tag.s-已完成 { background:#e8f5e9; color:var(--ok); }
.tag.warn, .tag.s-推进中 { background:#e8f0fd; color:var(--info); }
.tag.bad, .tag.s-滞后 { background:#fdecea; color:var(--bad); }
.tag.s-未启动 { background:#fff4e0; color:var(--warn); }
.muted { color:var(--muted); }
.small { font-size:12px; }
.pre { white-space:pre-wrap; word-break:break-word; }
.error { background:#fdecea; color:var(--bad); border:1px solid #f5c2c0; border-radius:4px; padding:8px 12px; margin:8px 0; }
.notice { background:#fff8e6; border:1px solid #f3d99b; border-radius:4px; padding:8px 12px; margin:8px 0; }
.notice.bad { background:#fdecea; border-color:#f2b8b5; }
.measure.returned { border-left:4px solid var(--bad); }
.measure.closed-entry { background:#f7f8fa; border-left:4px solid #b7bcc4; }
.measure.closed-entry :is(input, textarea, select):disabled { background:#eef0f3; color:#5c6370; border-color:#dcdfe4; cursor:not-allowed; }
.evidence { margin-top:10px; padding-top:8px; border-top:1px dashed var(--line); }
.evidence-list { margin:6px 0 0; padding-left:18px; } .evidence-list li { margin:2px 0; }
.evidence-error { white-space:pre-line; } .evidence-error:empty { display:none; }
.entry-evidence { margin-top:4px; } .entry-evidence .evidence-link { overflow-wrap:anywhere; } .entry-evidence .evidence-manage { color:var(--muted); }
.tag.light-red { background:#fdecea; color:var(--bad); } .tag.light-yellow { background:#fff4e0; color:var(--warn); } .tag.light-done { background:#e8f5e9; color:var(--ok); } .tag.light-closed { background:#eef0f3; color:var(--muted); }
.toasts { position:fixed; right:20px; bottom:72px; z-index:1000; display:flex; flex-direction:column; gap:8px; max-width:420px; }
.toast { padding:10px 14px; border-radius:4px; background:#333; color:#fff; box-shadow:0 2px 8px rgba(0,0,0,.2); }
.toast-ok { background:var(--ok); } .toast-error { background:var(--bad); }
dialog.dlg { border:none; border-radius:8px; padding:0; width:min(760px, 92vw); max-height:86vh; box-shadow:0 8px 30px rgba(0,0,0,.3); }
dialog.dlg::backdrop { background:rgba(0,0,0,.35); }
dialog.dlg h3 { margin:0; padding:14px 18px; border-bottom:1px solid var(--line); }
dialog.dlg .dlg-body { padding:14px 18px; overflow:auto; max-height:calc(86vh - 120px); }
dialog.dlg .dlg-actions { padding:10px 18px; border-top:1px solid var(--line); display:flex; justify-content:flex-end; gap:8px; }
dialog.dlg:has(.composer) { width:min(1100px, 94vw); }
.composer { display:grid; grid-template-columns:1fr 1fr; gap:12px; align-items:start; } .composer h4 { margin:0 0 6px; font-size:13px; color:var(--muted); }
.composer-units { border:1px solid var(--line); border-radius:4px; padding:8px 10px; background:#fafafa; max-height:60vh; overflow:auto; } .composer-unit { padding:6px 0; border-top:1px dashed var(--line); } .composer-unit:first-of-type { border-top:none; }
.progress { display:flex; align-items:center; gap:10px; margin:8px 0; }
.progress-track { flex:1; height:8px; background:#eef0f3; border-radius:4px; overflow:hidden; max-width:480px; }
.progress-bar { height:100%; width:0; background:var(--pri); transition:width .2s; }
.progress-bar.indeterminate { width:35%; animation:slide 1.1s infinite ease-in-out; }
@keyframes slide { from { margin-left:-35%; } to { margin-left:100%; } }
.code-once { font-family:Consolas,"Courier New",monospace; font-size:20px; letter-spacing:1px; padding:10px; background:#f7f7f7; border:1px dashed #aaa; user-select:all; word-break:break-all; }
.dropzone { border:2px dashed #c9cdd4; border-radius:8px; padding:28px; text-align:center; color:var(--muted); background:#fff; }
.dropzone.over { border-color:var(--pri); background:#fdf2f2; color:var(--pri); }
.side-by-side { display:grid; grid-template-columns:1fr 1fr; gap:12px; }
.side-by-side .pane { border:1px solid var(--line); border-radius:4px; padding:8px 10px; background:#fafafa; }
.side-by-side .pane h4 { margin:0 0 6px; font-size:13px; color:var(--muted); }
.chart { width:100%; height:300px; }
.signin { max-width:420px; margin:12vh auto; background:#fff; border:1px solid var(--line); border-radius:8px; padding:28px; }
.signin h1 { font-size:20px; margin:0 0 6px; }
.signin input { width:100%; margin:12px 0; font-size:16px; padding:8px 10px; }
.signin button { width:100%; padding:8px; font-size:15px; }
.diff-add { color:var(--ok); } .diff-del { color:var(--bad); text-decoration:line-through; }
u.new-text { text-decoration: underline; text-decoration-thickness: 1.5px; text-underline-offset: 3px; background:#fff7d6; }
.measure { background:#fff; border:1px solid var(--line); border-radius:6px; padding:12px 14px; margin-bottom:12px; }
.measure.dirty { border-color:var(--warn); box-shadow:0 0 0 1px var(--warn) inset; }
.measure .mhead { display:flex; gap:10px; align-items:baseline; margin-bottom:8px; }
.measure .mno { font-weight:700; color:var(--pri); flex:none; }
.measure .fields { display:grid; grid-template-columns:160px 1fr 1fr 1fr 200px; gap:10px; }
@media (max-width:1200px) { .measure .fields { grid-template-columns:1fr 1fr; } }
.sticky-bar { position:sticky; bottom:0; background:#fff; border-top:1px solid var(--line); padding:10px 20px; display:flex; gap:12px; align-items:center; z-index:5; }
`;

export function injectStyles(): void {
  if (document.getElementById('fg-styles')) return;
  const style = document.createElement('style');
  style.id = 'fg-styles';
  style.textContent = CSS;
  document.head.append(style);
}
