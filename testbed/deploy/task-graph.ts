import { administratorStackId } from '../../envs/derive';
import { runInDependencyOrder, type Watcher } from '../schedule/dependency-order';
import type { Protection } from './protections';
import type { DeploySession } from './session';
import type { Step } from './steps';

interface Task {
  readonly deps: string[];
  run(): Promise<Step>;
}

/**
 * Every step as one graph, so independent work overlaps: an environment's stacks are re-planned
 * once they and everything that reads them are deployed, and destroyed once everything that reads
 * them is gone; the shared stacks come last. A protection check runs once its stacks are deployed,
 * and they are destroyed only after it.
 */
export function taskGraph(session: DeploySession, protections: readonly Protection[]): Record<string, Task> {
  const { app, accounts } = session;
  // CI assumes roles its account's administrator stack creates: that stack goes first, and last.
  const administrator = (name: string) =>
    session.ciStack(name) ? [administratorStackId(accounts[name])].filter((a) => app.names.includes(a)) : [];
  const tasks: Record<string, Task> = {};
  for (const name of app.names) {
    tasks[`deploy:${name}`] = {
      deps: [...app.deployDeps[name], ...administrator(name)].map((d) => `deploy:${d}`),
      run: async () => session.recordStep(name, 'deploy', await session.deploy(name)),
    };
    tasks[`replan:${name}`] = {
      deps: [name, ...app.readers(name)].map((s) => `deploy:${s}`),
      run: async () => session.recordStep(name, 'replan', await session.replan(name)),
    };
    tasks[`destroy:${name}`] = {
      deps: [`replan:${name}`, ...app.directReaders(name).map((r) => `destroy:${r}`)],
      run: async () => session.recordStep(name, 'destroy', await session.destroy(name)),
    };
  }
  for (const name of app.names) {
    for (const admin of administrator(name)) tasks[`destroy:${admin}`].deps.push(`destroy:${name}`);
  }
  for (const { id, stacks, check } of protections) {
    tasks[`check:${id}`] = {
      deps: stacks.map((s) => `deploy:${s}`),
      run: async () => session.recordCheck(await check()),
    };
    for (const stack of stacks) tasks[`destroy:${stack}`].deps.push(`check:${id}`);
  }
  return tasks;
}

/** Runs each task once its dependencies passed; a task after a failed one is skipped. */
export async function runTasks(
  tasks: Record<string, Task>,
  concurrency: number,
  watcher?: Watcher,
): Promise<void> {
  await runInDependencyOrder(
    Object.fromEntries(Object.entries(tasks).map(([id, task]) => [id, task.deps])),
    async (id) => {
      const step = await tasks[id].run();
      return { stack: id, ok: step.ok, summary: step.summary, seconds: step.seconds };
    },
    concurrency,
    watcher,
  );
}
