// The list of sub-command groups. One line per concept; each file owns its commands.
import type { Command } from 'commander';

type Register = (program: Command) => void;

const registrars: Register[] = [];

export function registerCommands(program: Command): void {
  for (const register of registrars) register(program);
}
