// The Excel task pane's entry: wait for office.js, then start the shared pane on the Office.js port.
import { blocked, startPane } from '../taskpane/pane';
import { excelPort, officeExcelApi } from './excel-port';

if (typeof Office === 'undefined') {
  blocked('无法加载 Office 脚本（office.js）。请确认本机可以访问 appsforoffice.microsoft.com，或联系协调办公室改用离线模板或网页填报页。');
} else {
  void Office.onReady((info) => {
    if (info.host && info.host !== Office.HostType.Excel) return blocked('本加载项只能在 Excel 中使用。');
    if (!info.host) return blocked('请在 Excel 中通过“开始”选项卡的“协同填报”按钮打开本加载项。也可使用网页填报页。');
    void startPane({ makePort: (onWait) => excelPort(officeExcelApi(), { onWait }) });
  });
}
