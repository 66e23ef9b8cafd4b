import { availableParallelism } from 'node:os';
import { ServiceBusyError } from './errors.ts';

/**
 * What one uploaded spreadsheet may hold (docs/operations.md, docs/imports/delivery.md). A file
 * over a limit is refused before or while it is read, with a message saying which limit and what to do.
 */
export const importLimits = {
  /** An uploaded file (CSV or Excel), as sent. The school register's GIAS file has its own. */
  uploadBytes: 20 * 1024 * 1024,
  /** The school register (GIAS) files, national administrators only: the full file is about 60 MB. */
  registerUploadBytes: 200 * 1024 * 1024,
  /** The parts of a workbook that are read (its first sheet, shared text and styles), once unpacked. */
  workbookExpandedBytes: 100 * 1024 * 1024,
  /** A part of a workbook may unpack to at most this many times its packed size (a “zip bomb”). */
  compressionRatio: 200,
  /** Files inside a workbook. */
  workbookEntries: 1000,
  /** Rows of data below the header. */
  rows: 100_000,
  /** Columns in a row. */
  columns: 50,
  /** Cells in the whole file (rows × columns used). */
  cells: 2_000_000,
} as const;

export type ImportLimits = { -readonly [K in keyof typeof importLimits]: number };

export const megabytes = (bytes: number) => `${Math.round(bytes / (1024 * 1024)).toLocaleString('en-GB')} MB`;

/** A refused import tells the person this. */
export const busyMessage =
  'The service is busy reading other people’s files. Nothing was changed: try again in a few minutes.';

/**
 * A counting semaphore: at most `size` tasks at once; others wait in turn, up to `waitMs` and up to
 * `maxWaiting` of them, and are refused as busy (ServiceBusyError, a 503) beyond that.
 */
export class Slots {
  #free: number;
  readonly #waiting: { start: () => void; timer: NodeJS.Timeout }[] = [];

  private size: number;
  private waitMs: number;
  private maxWaiting: number;
  constructor(size: number, waitMs: number, maxWaiting: number) {
    this.size = size;
    this.waitMs = waitMs;
    this.maxWaiting = maxWaiting;
    this.#free = size;
  }

  /** Changes the limits (the app does, from its configuration). */
  configure(size: number, waitMs: number, maxWaiting = size * 4): void {
    this.#free += size - this.size;
    this.size = size;
    this.waitMs = waitMs;
    this.maxWaiting = maxWaiting;
    while (this.#free > 0 && this.#waiting.length > 0) {
      this.#free--;
      this.#next();
    }
  }

  get inUse(): number {
    return this.size - this.#free;
  }

  get waiting(): number {
    return this.#waiting.length;
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    await this.#acquire();
    try {
      return await task();
    } finally {
      if (this.#waiting.length > 0) this.#next();
      else this.#free++;
    }
  }

  #next(): void {
    const waiter = this.#waiting.shift()!;
    clearTimeout(waiter.timer);
    waiter.start();
  }

  #acquire(): Promise<void> {
    if (this.#free > 0) {
      this.#free--;
      return Promise.resolve();
    }
    if (this.#waiting.length >= this.maxWaiting) return Promise.reject(new ServiceBusyError(busyMessage));
    return new Promise((resolve, reject) => {
      const waiter = {
        start: resolve,
        timer: setTimeout(() => {
          this.#waiting.splice(this.#waiting.indexOf(waiter), 1);
          reject(new ServiceBusyError(busyMessage));
        }, this.waitMs),
      };
      this.#waiting.push(waiter);
    });
  }
}

/** The files being read at once in this process: one per CPU by default (IMPORT_CONCURRENCY). */
export const importSlots = new Slots(Math.max(1, availableParallelism()), 30_000, 4 * availableParallelism());
