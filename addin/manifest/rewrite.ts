// Rewrites the manifest's development origin (https://localhost:3000) to a deployment origin.
// Pure: text in, text out, so the build script and its test share it.
export const DEV_ORIGIN = 'https://localhost:3000';

/** Normalise and check a deployment URL: https only, no path/query (the pane lives at /taskpane.html). */
export function deploymentOrigin(url: string): string {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new Error(`不是有效的网址：${url}`);
  }
  if (u.protocol !== 'https:') throw new Error('Office 加载项只能从 https 地址加载，请使用 https://');
  if ((u.pathname !== '/' && u.pathname !== '') || u.search || u.hash) {
    throw new Error('请只给出服务的来源地址（如 https://fengong.example.gov.cn），不含路径');
  }
  return u.origin;
}

/** Replace every dev-origin URL; also bump nothing else. Returns the new manifest text. */
export function rewriteManifest(xml: string, origin: string): string {
  const target = deploymentOrigin(origin);
  const count = xml.split(DEV_ORIGIN).length - 1;
  if (count === 0) throw new Error(`清单中没有找到开发地址 ${DEV_ORIGIN}`);
  return xml.split(DEV_ORIGIN).join(target);
}
