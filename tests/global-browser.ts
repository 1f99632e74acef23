// Before any test file runs, a browser must start (found as server/browser finds it). When none
// can, the run stops here saying why, instead of each browser suite reporting its tests "skipped".
import { launchChromium } from '../server/browser/launch-browser';

export default async function setup(): Promise<void> {
  let launched;
  try {
    launched = await launchChromium();
  } catch (err) {
    throw new Error(`The browser tests need a Chromium, Chrome or Edge — ${(err as Error).message}`);
  }
  console.log(`browser for the tests: ${launched.candidate.label} (${launched.browser.version()})`);
  await launched.browser.close();
}
