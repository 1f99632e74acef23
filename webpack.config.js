// One webpack setup for every browser page: the add-in's task pane and the office's console and
// fill pages. TypeScript goes through esbuild-loader (fast, no compiler API needed, so any
// TypeScript version works for type checks). Entries whose source does not exist yet are skipped.
import { existsSync } from 'node:fs';
import { resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import HtmlWebpackPlugin from 'html-webpack-plugin';

const root = dirname(fileURLToPath(import.meta.url));

/** name → [entry source, html template, output html path] */
const pages = {
  taskpane: ['addin/taskpane/index.ts', 'addin/taskpane/taskpane.html', 'addin/taskpane.html'],
  console: ['web/console/index.ts', 'web/console/console.html', 'console/index.html'],
  fill: ['web/fill/index.ts', 'web/fill/fill.html', 'fill/index.html'],
};

export default (env = {}, argv = {}) => {
  const present = Object.entries(pages).filter(([, [src]]) => existsSync(resolve(root, src)));
  return {
    mode: argv.mode ?? 'production',
    context: root,
    entry: Object.fromEntries(present.map(([name, [src]]) => [name, `./${src}`])),
    output: { path: resolve(root, 'dist'), filename: 'assets/[name].[contenthash:8].js', clean: true, publicPath: '/' },
    resolve: { extensions: ['.ts', '.js'] },
    module: {
      rules: [{ test: /\.ts$/, loader: 'esbuild-loader', options: { target: 'es2019' } }],
    },
    devtool: false,
    performance: { hints: false },
    plugins: present.map(
      ([name, [, template, filename]]) => new HtmlWebpackPlugin({ chunks: [name], template, filename, inject: 'body' }),
    ),
  };
};
