#!/usr/bin/env node
// The `fengong` command: loads the TypeScript CLI through tsx (no build step on a fresh machine).
import { register } from 'tsx/esm/api';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

register();
const here = dirname(fileURLToPath(import.meta.url));
const { main } = await import(pathToFileURL(join(here, '..', 'server', 'cli', 'main.ts')).href);
await main(process.argv);
