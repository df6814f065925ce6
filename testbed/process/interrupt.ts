/**
 * Runs `cleanUp` when SIGINT or SIGTERM arrives (Ctrl-C, or a CI job cancelled or timed out), then
 * lets the signal end the process: without it, Node ends at once and a tier's `finally` never runs,
 * leaving its emulator's files and its temporary directories behind. Returns the function that
 * removes the handlers once the run has ended by itself.
 */
export function onInterrupt(cleanUp: () => Promise<void>): () => void {
  const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM'];
  let stopping = false;
  const handler = (signal: NodeJS.Signals) => {
    // Ctrl-C reaches the process twice (from the terminal, and relayed by tsx): the second must not
    // end it before the clean-up has.
    if (stopping) return;
    stopping = true;
    void cleanUp().finally(() => {
      remove();
      process.kill(process.pid, signal);
    });
  };
  const remove = () => signals.forEach((s) => process.off(s, handler));
  signals.forEach((s) => process.on(s, handler));
  return remove;
}
