// The list of sub-command groups. One line per concept; each file owns its commands.
import type { Command } from 'commander';
import { registerServe } from './serve';
import { registerAdmin } from './admin';
import { registerPlanCommands } from './plan';
import { registerExport } from './export';
import { registerMerge } from './merge';
import { registerMigrate } from './migrate';

type Register = (program: Command) => void;

const registrars: Register[] = [registerServe, registerAdmin, registerPlanCommands, registerExport, registerMerge, registerMigrate];

export function registerCommands(program: Command): void {
  for (const register of registrars) register(program);
}
