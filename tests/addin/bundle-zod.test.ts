// The task pane (Excel and WPS) must load fast on a unit's PC: it takes only types from the
// contract and its URLs from the zod-free route table, never the schema library (the server
// validates). This bundles each pane entry as webpack does (esbuild, same resolution) and looks
// at what went in; a failure names the import chain that pulled zod in.
import { build, type Metafile } from 'esbuild';
import { describe, expect, it } from 'vitest';

const PANES = ['addin/excel/main.ts', 'addin/wps/main.ts', 'addin/wps/ribbon.ts'];

async function inputsOf(entry: string): Promise<Metafile['inputs']> {
  const out = await build({ entryPoints: [entry], bundle: true, write: false, metafile: true, format: 'iife', target: 'es2019', logLevel: 'silent' });
  return out.metafile.inputs;
}

/** entry ← … ← the first project file that imports zod. */
function chainTo(inputs: Metafile['inputs'], entry: string): string[] {
  const parent = new Map<string, string>();
  const queue = [entry];
  while (queue.length) {
    const file = queue.shift()!;
    for (const imp of inputs[file]?.imports ?? []) {
      if (imp.path.includes('node_modules/zod/')) return [...walkBack(parent, file), imp.path];
      if (!parent.has(imp.path) && imp.path !== entry) {
        parent.set(imp.path, file);
        queue.push(imp.path);
      }
    }
  }
  return [];
}

function walkBack(parent: Map<string, string>, file: string): string[] {
  const chain = [file];
  while (parent.has(chain[0])) chain.unshift(parent.get(chain[0])!);
  return chain;
}

describe('task pane bundle', () => {
  it.each(PANES)('%s does not bundle zod', async (entry) => {
    const inputs = await inputsOf(entry);
    const zod = Object.keys(inputs).filter((f) => f.includes('node_modules/zod/'));
    expect(chainTo(inputs, entry).join(' → ')).toBe('');
    expect(zod).toEqual([]);
    // and it does use the route table (so the check above is about the real client)
    if (entry !== 'addin/wps/ribbon.ts') expect(Object.keys(inputs)).toContain('shared/api/routes.ts');
  });

  it('the check sees zod where it is bundled (the console validates answers with it)', async () => {
    const inputs = await inputsOf('web/console/index.ts');
    expect(chainTo(inputs, 'web/console/index.ts').at(-1)).toMatch(/node_modules\/zod\//);
  });
});
