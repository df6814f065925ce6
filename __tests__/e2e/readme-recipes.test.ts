import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, copyRepo, edit, runApp } from './app-copy';

/**
 * The README's recipes followed on a copy of the repository: the configuration grows, and every
 * test that reads the configuration follows it. A file of its own, so it runs beside the other
 * end-to-end files instead of after them (it is the longest: it runs the unit tests again).
 */
describe("the README's recipes", () => {
  let dir: string;
  beforeEach(() => (dir = copyRepo()));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  test("the README's recipes: a fourth environment is one file, a third service is configuration, and the tests that read the configuration still pass", () => {
    // GIVEN envs/environments/qa.ts, a copy of stg with its own name, account, domain and range ...
    const stg = readFileSync(join(dir, 'envs/environments/stg.ts'), 'utf8');
    const qa = stg
      .replace(/\bstg\b/g, 'qa')
      .replace(/accountId: '\d{12}'/, "accountId: '555555555555'")
      .replace(/cidr: '[^']+'/, "cidr: '10.40.0.0/16'");
    writeFileSync(join(dir, 'envs/environments/qa.ts'), qa);
    // ... AND an internal "worker" that the backend calls, sized like the backend in every environment
    edit(
      dir,
      'envs/project.ts',
      '  services: {\n',
      "  services: {\n    worker: { port: 9090, exposure: 'internal', clients: ['backend'], healthCheckPath: '/healthz' },\n",
    );
    // (in every file that sizes the backend in full: the shared base and the environments without one)
    const files = [
      'envs/base.ts',
      ...readdirSync(join(dir, 'envs/environments')).map((f) => `envs/environments/${f}`),
    ];
    for (const file of files) {
      const text = readFileSync(join(dir, file), 'utf8');
      const backend = /\n    backend: \{\n[\s\S]*?\n    \},\n/.exec(text)?.[0];
      if (backend === undefined) continue;
      edit(
        dir,
        file,
        backend,
        backend +
          backend
            .replace('backend:', 'worker:')
            .replace(/parameters: \{[^}]*\}/, 'parameters: {}')
            .replace(/secureParameters: \[[^\]]*\]/, 'secureParameters: []'),
      );
    }

    // WHEN the app runs
    const { status, stderr, outDir } = runApp(dir);

    // THEN the new stacks exist, the shared registry and the backend's address book know the worker
    expect(stderr).toBe('');
    expect(status).toBe(0);
    const stacks = Object.keys(JSON.parse(readFileSync(join(outDir, 'manifest.json'), 'utf8')).stacks);
    expect(stacks).toEqual(
      expect.arrayContaining([
        'qa',
        'qa-frontend',
        'qa-backend',
        'qa-worker',
        'dev-worker',
        'admin-555555555555',
      ]),
    );
    // (the new account's administrator stack holds its deploy roles, which may pass the worker's roles)
    expect(readFileSync(join(outDir, 'stacks/admin-555555555555/cdk.tf.json'), 'utf8')).toContain(
      'webapp-qa-worker-task',
    );
    const qaJson = readFileSync(join(outDir, 'stacks/qa/cdk.tf.json'), 'utf8');
    expect(qaJson).toContain('"key": "webapp/555555555555/qa.tfstate"');
    expect(qaJson).toContain('"domain_name": "qa.example.com"');
    expect(readFileSync(join(outDir, 'stacks/shared/cdk.tf.json'), 'utf8')).toContain(
      '"name": "webapp/worker"',
    );
    expect(readFileSync(join(outDir, 'stacks/dev-backend/cdk.tf.json'), 'utf8')).toContain(
      'WORKER_URL\\",\\"value\\":\\"http://worker.svc.dev.internal:9090',
    );

    // AND the workflows follow after `npm run workflows` (until then `--check` says they are out of
    // date): the new environment's stacks are planned on pull requests and applied on main
    const workflows = (...args: string[]) =>
      spawnSync(join(ROOT, 'node_modules/.bin/tsx'), ['scripts/workflows.ts', ...args], {
        cwd: dir,
        encoding: 'utf8',
      });
    expect(workflows('--check').status).toBe(1);
    expect(workflows().status).toBe(0);
    expect(workflows('--check')).toMatchObject({ status: 0, stderr: '' });
    const deploy = readFileSync(join(dir, '.github/workflows/deploy.yml'), 'utf8');
    for (const stack of ['qa', 'qa-frontend', 'qa-backend', 'qa-worker', 'dev-worker']) {
      expect(deploy).toContain(`\n  ${stack}:\n    name: apply ${stack}\n`);
    }
    expect(deploy).toContain(
      'apply-role: arn:aws:iam::555555555555:role/delivery/webapp-qa-deploy-platform\n      environment: qa-platform\n',
    );
    const pullRequest = readFileSync(join(dir, '.github/workflows/pull-request.yml'), 'utf8');
    expect(pullRequest).toContain('- stack: qa\n            directory: cdktf.out/stacks/qa\n');

    // AND every unit test that reads the configuration passes on it: the tests Jest finds importing
    // envs/ (directly or through the stacks), from the whole repository's import graph (its roots
    // are widened from __tests__/ so that it sees the sources); the others never see the change
    const tests = spawnSync(
      join(ROOT, 'node_modules/.bin/jest'),
      [
        '--ci',
        '--silent',
        '--roots',
        '<rootDir>',
        '--testPathIgnorePatterns',
        '/node_modules/',
        '/e2e/',
        '--findRelatedTests',
        'envs/index.ts',
      ],
      { cwd: dir, encoding: 'utf8' },
    );
    expect({ status: tests.status, output: tests.status === 0 ? '' : tests.stderr }).toEqual({
      status: 0,
      output: '',
    });
    // (the configuration's whole contract among them, on its fixed seed)
    expect(tests.stderr).toMatch(/PASS __tests__\/envs\/config-contract\.test\.ts/);
  }, 180_000);
});
