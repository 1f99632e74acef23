// Builds the browser bundles (task pane, console, fill page) once per test run, so browser tests
// and the in-process server serve what `npm start` serves.
import webpack from 'webpack';
// @ts-expect-error plain JS config
import makeConfig from '../webpack.config.js';

export default async function setup(): Promise<void> {
  if (process.env.FENGONG_SKIP_BUILD) return;
  const config = makeConfig({}, { mode: 'production' });
  await new Promise<void>((resolve, reject) => {
    webpack(config, (err, stats) => {
      if (err) return reject(err);
      if (stats?.hasErrors()) return reject(new Error(stats.toString({ all: false, errors: true })));
      resolve();
    });
  });
}
