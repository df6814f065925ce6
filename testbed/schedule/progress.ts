import { createLogUpdate } from 'log-update';
import type { NodeResult, Watcher } from './dependency-order';

type StatusLine = ReturnType<typeof createLogUpdate>;

/**
 * What a long tier shows as it runs. In a terminal, the lines it prints and, below them, one status
 * line redrawn every second (log-update): how many tasks are done, and which run, for how long.
 * Anywhere else (a CI log, a pipe, `npm test` running the tiers side by side) the lines alone, as
 * they always were: a redrawn line would leave its every frame in the log.
 */
export class Progress implements Watcher {
  private readonly running = new Map<string, number>();
  private done = 0;
  private readonly status?: StatusLine;
  private readonly timer?: NodeJS.Timeout;

  constructor(private readonly stream: NodeJS.WriteStream = process.stdout) {
    if (!stream.isTTY) return;
    this.status = createLogUpdate(stream);
    this.timer = setInterval(() => this.draw(), 1000).unref();
  }

  /** Prints a line that stays (above the status line). */
  line(text: string): void {
    this.status?.clear();
    this.stream.write(`${text}\n`);
    this.draw();
  }

  started(name: string): void {
    this.running.set(name, Date.now());
    this.draw();
  }

  finished(result: NodeResult): void {
    this.running.delete(result.stack);
    this.done += 1;
    this.draw();
  }

  /** Removes the status line; what follows is printed plainly. */
  end(): void {
    clearInterval(this.timer);
    this.status?.clear();
    this.status?.done();
  }

  private draw(): void {
    // Nothing to show before the first task starts (the synth, the emulator's start).
    if (!this.status || this.running.size + this.done === 0) return;
    const now = Date.now();
    const tasks = [...this.running].map(([name, since]) => `${name} ${Math.round((now - since) / 1000)}s`);
    const text = `${this.done} done` + (tasks.length > 0 ? `, running: ${tasks.join(', ')}` : '');
    // One terminal row: a wrapped status line would scroll away instead of being redrawn.
    this.status(text.length < this.stream.columns ? text : `${text.slice(0, this.stream.columns - 2)}…`);
  }
}
