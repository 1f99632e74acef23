// Structured logs (pino). Quiet in tests and benchmarks; JSON lines to stdout otherwise.
import pino, { type Logger } from 'pino';

export type { Logger };

export function makeLogger(level: string = process.env.FENGONG_LOG_LEVEL ?? (process.env.VITEST ? 'silent' : 'info')): Logger {
  return pino({ level, base: { app: 'fengong' } });
}
