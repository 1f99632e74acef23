// The WPS 表格 task pane's entry: the page WPS opens in its task pane (CreateTaskPane) has the
// `Application` global of the WPS JS API; start the shared pane on the WPS port.
/// <reference types="et-jsapi-declare" />
import { blocked, startPane } from '../taskpane/pane';
import { wpsPort } from './wps-port';

const app = (globalThis as { Application?: Et.Application }).Application;
if (!app) {
  blocked('请在 WPS 表格中通过“开始”选项卡的“协同填报”按钮打开本加载项。也可使用网页填报页。');
} else {
  void startPane({ makePort: (onWait) => wpsPort(app, { onWait }) });
}
