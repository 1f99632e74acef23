// The WPS 加载项's main page (index.html): the callbacks ribbon.xml names. They are plain
// synchronous functions — async ribbon callbacks broke the ribbon in one WPS 12.1 build (reported
// by others, issue 12). The button opens the task pane (CreateTaskPane) once and then toggles it.
/// <reference types="et-jsapi-declare" />

export const PANE_BUTTON = 'fengongShowPane';
const PANE_KEY = 'fengong.taskpane';

type Global = Record<string, unknown> & { Application: Et.Application & WPS.AddonRoot };
const g = globalThis as unknown as Global;

/** The pane page sits beside this page, wherever the add-in is served from (online or unpacked offline). */
export function paneUrl(): string {
  return new URL('taskpane.html', location.href).href;
}

function togglePane(): void {
  const app = g.Application;
  const id = app.PluginStorage.getItem(PANE_KEY);
  if (!id) {
    const pane = app.CreateTaskPane(paneUrl(), '分工表协同填报');
    app.PluginStorage.setItem(PANE_KEY, pane.ID);
    pane.Visible = true;
    return;
  }
  const pane = app.GetTaskPane(Number(id));
  pane.Visible = !pane.Visible;
}

g.OnAddinLoad = (ribbonUI: unknown): boolean => {
  if (typeof (g.Application as unknown as { ribbonUI?: unknown }).ribbonUI !== 'object') (g.Application as unknown as { ribbonUI: unknown }).ribbonUI = ribbonUI;
  return true;
};

g.OnAction = (control: { Id: string }): boolean => {
  if (control.Id === PANE_BUTTON) togglePane();
  return true;
};

g.GetImage = (): string => 'images/icon-32.png';
