// The `fengong` command line. Each concept registers its own sub-commands from its own file.
// commander@14: well-kept, typed, and the last major that runs on Node 20 (15 needs Node 22).
import { Command, CommanderError } from 'commander';
import { AppError } from '../../shared/messages';
import { registerCommands } from './commands';

export async function main(argv: string[]): Promise<void> {
  const program = new Command('fengong')
    .description('分工表协同填报 fengong — 重点任务分工表的协同填报、合并与打印')
    .exitOverride()
    .showHelpAfterError();
  registerCommands(program);
  try {
    await program.parseAsync(argv);
  } catch (err) {
    process.exitCode = reportError(err);
  }
}

/** Print a clear message (no stack trace) and return the exit code. */
export function reportError(err: unknown): number {
  if (err instanceof CommanderError) return err.exitCode;
  if (err instanceof AppError) {
    process.stderr.write(`错误 [${err.code}]：${err.message}\n`);
    return 2;
  }
  const msg = err instanceof Error ? err.message : String(err);
  process.stderr.write(`错误：${msg}\n`);
  if (process.env.FENGONG_DEBUG && err instanceof Error) process.stderr.write(`${err.stack}\n`);
  return 1;
}
