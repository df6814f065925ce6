import { runInDependencyOrder } from '../plan/offline-plan';
import type { Protection } from './protections';
import type { DeploySession } from './session';
import type { StackJson } from './stack-json';
import type { Step } from './steps';

interface Task {
  readonly deps: string[];
  /** What the task is expected to cost, relative to the others (see `runTasks`). */
  readonly cost: number;
  run(): Promise<Step>;
}

/**
 * Every step as one graph, so independent work overlaps: an environment's stacks are re-planned
 * once they and everything that reads them are deployed, and destroyed once everything that reads
 * them is gone; the shared stacks come last. A protection check runs once its stacks are deployed,
 * and they are destroyed only after it.
 */
export function taskGraph(session: DeploySession, protections: readonly Protection[]): Record<string, Task> {
  const { app } = session;
  const tasks: Record<string, Task> = {};
  for (const name of app.names) {
    // A stack's steps take roughly as long as it has resources (an environment's ~120 against a
    // service's ~15), so an environment's re-plan, which its long destroy waits for, goes before
    // the services' short steps rather than after them.
    const cost = resourceCount(app.json[name]);
    tasks[`deploy:${name}`] = {
      deps: app.deployDeps[name].map((d) => `deploy:${d}`),
      cost,
      run: async () => session.recordStep(name, 'deploy', await session.deploy(name)),
    };
    tasks[`replan:${name}`] = {
      deps: [name, ...app.readers(name)].map((s) => `deploy:${s}`),
      cost,
      run: async () => session.recordStep(name, 'replan', await session.replan(name)),
    };
    tasks[`destroy:${name}`] = {
      deps: [`replan:${name}`, ...app.directReaders(name).map((r) => `destroy:${r}`)],
      cost,
      run: async () => session.recordStep(name, 'destroy', await session.destroy(name)),
    };
  }
  for (const { id, stacks, check } of protections) {
    tasks[`check:${id}`] = {
      deps: stacks.map((s) => `deploy:${s}`),
      cost: 1,
      run: async () => session.recordCheck(await check()),
    };
    for (const stack of stacks) tasks[`destroy:${stack}`].deps.push(`check:${id}`);
  }
  return tasks;
}

/**
 * Runs each task once its dependencies passed, the one heading the costliest chain of tasks first;
 * a task after a failed one is skipped.
 */
export async function runTasks(tasks: Record<string, Task>, concurrency: number): Promise<void> {
  await runInDependencyOrder(
    Object.fromEntries(Object.entries(tasks).map(([id, task]) => [id, task.deps])),
    async (id) => {
      const step = await tasks[id].run();
      return { stack: id, ok: step.ok, summary: step.summary, seconds: step.seconds };
    },
    concurrency,
    undefined,
    (id) => tasks[id].cost,
  );
}

function resourceCount(stack: StackJson): number {
  return Object.values(stack.resource ?? {}).reduce((sum, byName) => sum + Object.keys(byName).length, 0);
}
