/**
 * Structured logs: one JSON object per line on stdout/stderr, so a log shipper (or `jq`) can read
 * them. Tests pass a collecting logger instead.
 */
export type LogRecord = Record<string, unknown> & { msg: string }

export type Logger = {
  info(record: LogRecord): void
  error(record: LogRecord): void
}

export function jsonLogger(now: () => Date = () => new Date()): Logger {
  const write = (stream: NodeJS.WriteStream, level: string, record: LogRecord) => {
    stream.write(`${JSON.stringify({ time: now().toISOString(), level, ...record })}\n`)
  }
  return {
    info: (record) => write(process.stdout, 'info', record),
    error: (record) => write(process.stderr, 'error', record),
  }
}

/** Keeps records in memory (tests). */
export function memoryLogger(): Logger & { records: (LogRecord & { level: string })[] } {
  const records: (LogRecord & { level: string })[] = []
  return {
    records,
    info: (record) => records.push({ level: 'info', ...record }),
    error: (record) => records.push({ level: 'error', ...record }),
  }
}

export const silentLogger: Logger = { info: () => {}, error: () => {} }
