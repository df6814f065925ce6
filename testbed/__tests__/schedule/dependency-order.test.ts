import { runInDependencyOrder, type NodeResult } from '../../schedule/dependency-order';

const ok = (stack: string): NodeResult => ({ stack, ok: true, summary: 'ok', seconds: 0 });
const tick = () => new Promise((r) => setTimeout(r, 5));

test('starts a stack only after its dependencies passed', async () => {
  const order: string[] = [];
  await runInDependencyOrder(
    { a: [], b: ['a'], c: ['b', 'a'] },
    async (name) => {
      order.push(name);
      return ok(name);
    },
    3,
  );
  expect(order).toEqual(['a', 'b', 'c']);
});

// A stack must not wait for a slot behind stacks it does not depend on, nor for a whole "wave".
test('starts each stack as soon as its own dependencies are done', async () => {
  const events: string[] = [];
  await runInDependencyOrder(
    { slow: [], fast: [], 'after-fast': ['fast'] },
    async (name) => {
      events.push(`start ${name}`);
      await new Promise((r) => setTimeout(r, name === 'slow' ? 100 : 5));
      events.push(`end ${name}`);
      return ok(name);
    },
    2,
  );
  expect(events.indexOf('start after-fast')).toBeLessThan(events.indexOf('end slow'));
});

test('reports dependents of a failed stack as failed without running them, and runs the others', async () => {
  const ran: string[] = [];
  const results = await runInDependencyOrder(
    { a: [], b: ['a'], c: ['b'], d: [] },
    async (name) => {
      ran.push(name);
      return name === 'a' ? { ...ok(name), ok: false } : ok(name);
    },
    1,
  );
  expect(ran.sort()).toEqual(['a', 'd']);
  expect(results.map((r) => [r.stack, r.ok, r.summary])).toEqual([
    ['a', false, 'ok'],
    ['b', false, 'skipped: a failed'],
    ['c', false, 'skipped: b failed'],
    ['d', true, 'ok'],
  ]);
});

test('reports a task that throws as a harness error, with its stack trace', async () => {
  const results = await runInDependencyOrder({ a: [] }, async () => Promise.reject(new Error('boom')), 1);
  expect(results).toEqual([
    { stack: 'a', ok: false, summary: 'harness error', seconds: 0, detail: expect.stringContaining('boom') },
  ]);
});

test('never runs more than the concurrency limit at once', async () => {
  let running = 0;
  let peak = 0;
  await runInDependencyOrder(
    { a: [], b: [], c: [], d: [] },
    async (name) => {
      peak = Math.max(peak, ++running);
      await tick();
      running--;
      return ok(name);
    },
    2,
  );
  expect(peak).toBe(2);
});

// The deploy tier's critical path (state, then an administrator stack, then shared, ...) sets its
// length: what others wait on goes first.
test('runs the ready stack with the longest chain waiting on it first, whenever a slot frees', async () => {
  const order: string[] = [];
  await runInDependencyOrder(
    { alone: [], 'also-alone': [], root: [], mid: ['root'], leaf: ['mid'] },
    async (name) => {
      order.push(name);
      await tick();
      return ok(name);
    },
    1,
  );
  // mid became ready after the lone stacks, and still goes before them.
  expect(order).toEqual(['root', 'mid', 'alone', 'also-alone', 'leaf']);
});

test('tells the watcher as each stack starts and ends, skipped ones included', async () => {
  const seen: string[] = [];
  await runInDependencyOrder({ a: [], b: ['a'] }, async (name) => ({ ...ok(name), ok: false }), 1, {
    started: (name) => seen.push(`started ${name}`),
    finished: (r) => seen.push(`finished ${r.stack}`),
  });
  expect(seen).toEqual(['started a', 'finished a', 'finished b']);
});

test('fails on a dependency cycle, naming it', async () => {
  await expect(runInDependencyOrder({ a: ['c'], b: ['a'], c: ['b'] }, async (n) => ok(n), 2)).rejects.toThrow(
    /dependency cycle: (a|b|c) <- .* <- \1/,
  );
});

test('fails on a dependency that is not a node', async () => {
  await expect(runInDependencyOrder({ a: ['nope'] }, async (n) => ok(n), 2)).rejects.toThrow(
    'unknown dependency nope of a',
  );
});
