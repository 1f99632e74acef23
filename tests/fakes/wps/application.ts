// Part of the strict fake WPS 表格 (see host.ts): Application, Workbook and its Worksheets, the
// task-pane and event plumbing of a WPS 加载项 (WPS.AddonRoot in et-jsapi-declare).
import { FakeWpsError, strict } from './strict';
import type { FakeWpsHost } from './host';
import { activeWindow, WpsWorksheet } from './worksheet';

export function workbook(host: FakeWpsHost) {
  const sheets = () => host.workbook.sheets;
  const ws = (s: (typeof host.workbook.sheets)[number]) => strict(host, new WpsWorksheet(host, s), 'Worksheet');
  const collection = strict(
    host,
    {
      get Count() {
        return sheets().length;
      },
      /** 1-based index or name; a missing one throws (VBA "下标越界", error 9). */
      Item(i: number | string) {
        const s = typeof i === 'number' ? sheets()[i - 1] : host.workbook.sheet(i);
        if (!s) throw new FakeWpsError('下标越界。(9)');
        return ws(s);
      },
      /** Sheets.Add(Before, After): a new "SheetN", which becomes the active sheet (VBA). */
      Add(before?: WpsWorksheet, after?: WpsWorksheet) {
        if (before) throw new FakeWpsError('fake WPS models Add(, After) only');
        let n = sheets().length + 1;
        while (host.workbook.sheet(`Sheet${n}`)) n++;
        const s = host.workbook.addSheet(`Sheet${n}`);
        if (after) {
          sheets().splice(sheets().indexOf(s), 1);
          sheets().splice(sheets().indexOf(after._sheet) + 1, 0, s);
        }
        host.workbook.active = s;
        return ws(s);
      },
    },
    'Sheets',
  );
  return strict(
    host,
    {
      get Worksheets() {
        return collection;
      },
      get ActiveSheet() {
        return ws(host.workbook.active!);
      },
      get Name() {
        return host.fileName;
      },
    },
    'Workbook',
  );
}

export function application(host: FakeWpsHost) {
  const panes: { ID: number; Visible: boolean; url: string; DockPosition: number; Width: number }[] = [];
  const storage = new Map<string, string>();
  const app = {
    get ActiveWorkbook() {
      return workbook(host);
    },
    get ActiveWindow() {
      return activeWindow(host);
    },
    /** Application.CreateTaskPane(url, title): hidden until Visible = true (et-jsapi-declare). */
    CreateTaskPane(url: string) {
      const pane = strict(host, { ID: panes.length + 1, Visible: false, url, DockPosition: 2, Width: 360 }, 'TaskPane');
      panes.push(pane);
      host.taskPanes.push(pane);
      return pane;
    },
    GetTaskPane(id: number) {
      const p = panes.find((x) => x.ID === id);
      if (!p) throw new FakeWpsError(`no task pane ${id}`);
      return p;
    },
    /** Shared by the add-in's pages, not persisted (et-jsapi-declare: "该对象的数据不会被持久化"). */
    get PluginStorage() {
      return strict(
        host,
        {
          setItem: (k: string, v: unknown) => void storage.set(k, String(v)),
          getItem: (k: string) => storage.get(k) ?? null,
          removeItem: (k: string) => void storage.delete(k),
        },
        'PluginStorage',
      );
    },
    get ApiEvent() {
      return strict(
        host,
        {
          AddApiEventListener(name: string, cb: (...a: unknown[]) => void) {
            if (name !== 'SheetChange') throw new FakeWpsError(`fake WPS models the SheetChange event only (${name})`);
            host.changeListeners.push(cb);
          },
        },
        'ApiEvent',
      );
    },
    ribbonUI: null as unknown,
  };
  return strict(host, app, 'Application');
}
