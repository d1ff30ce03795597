import { appendFileSync, existsSync, mkdirSync, renameSync, statSync, unlinkSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * A small file logger with size-based rotation (alongside.log → alongside.log.1 → … → .N), used by the
 * hosts. What is logged is already free of patient data (the dispatcher logs channel + error class);
 * as a second line of defence, anything that looks like an NHS number is masked before writing.
 */
export interface FileLogger {
  readonly file: string;
  write(level: 'info' | 'warn' | 'error', message: string): void;
}

export function maskIdentifiers(text: string): string {
  return text.replace(/\b\d{3}[ -]?\d{3}[ -]?\d{4}\b/g, '[number removed]');
}

export function createFileLogger(
  file: string,
  options: { maxBytes?: number; keep?: number; now?: () => Date } = {},
): FileLogger {
  const maxBytes = options.maxBytes ?? 1_000_000;
  const keep = options.keep ?? 5;
  const now = options.now ?? (() => new Date());
  mkdirSync(dirname(file), { recursive: true });

  function rotate(): void {
    const oldest = `${file}.${keep}`;
    if (existsSync(oldest)) unlinkSync(oldest);
    for (let i = keep - 1; i >= 1; i--)
      if (existsSync(`${file}.${i}`)) renameSync(`${file}.${i}`, `${file}.${i + 1}`);
    if (existsSync(file)) renameSync(file, `${file}.1`);
  }

  return {
    file,
    write(level, message) {
      const line = `${now().toISOString()} ${level.toUpperCase()} ${maskIdentifiers(message).replace(/[\r\n]+/g, ' ')}\n`;
      try {
        if (existsSync(file) && statSync(file).size + line.length > maxBytes) rotate();
        appendFileSync(file, line);
      } catch {
        // Logging must never take the app down.
      }
    },
  };
}

/** Copies console.error / console.warn / console.log of this process into the rotating log file. */
export function teeConsoleToLog(logger: FileLogger): () => void {
  const original = { log: console.log, warn: console.warn, error: console.error };
  const wrap =
    (level: 'info' | 'warn' | 'error', fn: (...a: unknown[]) => void) =>
    (...args: unknown[]) => {
      fn(...args);
      logger.write(level, args.map((a) => (a instanceof Error ? `${a.name}` : String(a))).join(' '));
    };
  console.log = wrap('info', original.log);
  console.warn = wrap('warn', original.warn);
  console.error = wrap('error', original.error);
  return () => Object.assign(console, original);
}
