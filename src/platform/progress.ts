import cliProgress from 'cli-progress';

/** Reports progress of long work: a bar in a terminal, plain lines in logs, nothing in tests. */
export interface Progress {
  start(label: string, total: number): void;
  advance(by?: number): void;
  done(message?: string): void;
}

export const silentProgress: Progress = { start() {}, advance() {}, done() {} };

export function terminalProgress(stream: NodeJS.WriteStream = process.stderr): Progress {
  if (!stream.isTTY) {
    let label = '';
    return {
      start(l, total) {
        label = l;
        stream.write(`${label} (${total.toLocaleString('en-GB')})…\n`);
      },
      advance() {},
      done(message) {
        stream.write(`${message ?? `${label}: done`}\n`);
      },
    };
  }
  let bar: cliProgress.SingleBar | null = null;
  return {
    start(label, total) {
      bar?.stop();
      bar = new cliProgress.SingleBar(
        { format: `${label.padEnd(28)} [{bar}] {percentage}% | {value}/{total}`, stream, hideCursor: true },
        cliProgress.Presets.shades_classic,
      );
      bar.start(total, 0);
    },
    advance(by = 1) {
      bar?.increment(by);
    },
    done(message) {
      bar?.stop();
      bar = null;
      if (message) stream.write(`${message}\n`);
    },
  };
}
