import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { userFlags } from '../../testbed/deploy/user';
import { synthOutput } from '../stacks/app-fixture';

/**
 * Every shell command in the README and docs/ is checked against the app, so the documentation
 * cannot drift: npm scripts exist, stack names exist, variables passed are declared by that stack,
 * parameter names are parameters the app creates, and every relative link leads to a file.
 * (Commands that need an AWS account are checked this way; the rest are run by .ci/run.)
 */
const ROOT = resolve(__dirname, '../..');
const DOCS = join(ROOT, 'docs');
const documents = [
  'README.md',
  'testbed/README.md',
  ...readdirSync(DOCS, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.md'))
    .map((f) => join('docs', f)),
];
const textOf = (document: string) => readFileSync(join(ROOT, document), 'utf8');
const readme = textOf('README.md');
const scripts = (
  JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }
).scripts;

/** Shell commands of the documents' ```sh blocks, comments dropped, `&&` chains split. */
function documentedCommands(): string[] {
  const blocks = documents.flatMap((d) =>
    [...textOf(d).matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1].replace(/\\\n\s*/g, ' ')),
  );
  return blocks
    .flatMap((block) => block.split('\n'))
    .map((line) => line.replace(/#.*$/, '').trim())
    .filter((line) => line.length > 0)
    .flatMap((line) => line.split('&&').map((part) => part.trim()));
}

describe('links in the README and docs/', () => {
  test.each(documents)('every relative link in %s leads to a file or folder', (document) => {
    const targets = [...textOf(document).matchAll(/\]\(([^)\s]+)\)/g)]
      .map((m) => m[1].split('#')[0])
      .filter((t) => t.length > 0 && !/^[a-z]+:/.test(t));
    const missing = targets.filter((t) => !existsSync(join(ROOT, dirname(document), t)));
    expect(missing).toEqual([]);
  });

  test('the README links every document in docs/', () => {
    for (const document of documents.filter((d) => /^docs\/[^/]+\.md$/.test(d))) {
      expect(readme).toContain(`](${document})`);
    }
  });
});

describe('README commands', () => {
  const { stacks, manifest } = synthOutput();
  const commands = documentedCommands();
  const variablesOf = (stack: string) => Object.keys((stacks[stack] as { variable?: object }).variable ?? {});

  test('the README has the two quick-start commands', () => {
    expect(readme).toContain('npm ci && npm run synth');
    expect(readme).toContain('npm ci && npm test');
  });

  test('the README names every npm script a person runs', () => {
    const named = (script: string) =>
      script === 'test' ? readme.includes('`npm test`') : readme.includes(`\`npm run ${script}`);
    const unnamed = Object.keys(scripts).filter((s) => s !== 'postinstall' && !named(s));
    expect(unnamed).toEqual([]);
  });

  test('every npm script the documents run exists', () => {
    const used = commands.filter((c) => c.startsWith('npm run ')).map((c) => c.split(/\s+/)[2]);
    expect(used.length).toBeGreaterThan(5);
    for (const script of used) expect(Object.keys(scripts)).toContain(script);
  });

  test('every stack the README diffs, deploys or destroys exists, with the variables it is given', () => {
    const stackCommands = commands.filter((c) => /^npm run (diff|deploy|destroy) -- /.test(c));
    expect(stackCommands.length).toBeGreaterThanOrEqual(6);
    for (const command of stackCommands) {
      const [stack, ...flags] = command.split(' -- ')[1].split(/\s+/);
      expect(Object.keys(stacks)).toContain(stack);
      for (const flag of flags.filter((f) => f.startsWith('--var='))) {
        const name = flag.replace(/^--var='?/, '').split('=')[0];
        expect(variablesOf(stack)).toContain(name);
      }
    }
  });

  test('every deploy and destroy in the README carries the flags the deploy tier runs it with', () => {
    const runs = commands.filter((c) => /^npm run (deploy|destroy) -- /.test(c));
    expect(runs.filter((c) => c.includes('destroy')).length).toBeGreaterThan(0);
    for (const command of runs) {
      const verb = command.split(/\s+/)[2] as 'deploy' | 'destroy';
      const [stack, ...flags] = command.split(' -- ')[1].replace(/'/g, '').split(/\s+/);
      const value = flags.find((f) => f.startsWith('--var='))?.split('=')[2] ?? '';
      const variables = Object.entries(
        (stacks[stack] as { variable?: Record<string, { default?: unknown }> }).variable ?? {},
      )
        .filter(([, spec]) => spec.default === undefined)
        .map(([name]) => name);
      expect({ command, flags }).toEqual({
        command,
        flags: userFlags(verb, manifest.stacks[stack].dependencies.length > 0, variables, value),
      });
    }
  });

  test('the Terraform-native walk-through applies every stack after the stacks it reads, passing declared variables', () => {
    const visited: string[] = [];
    for (const command of commands) {
      const cd = /^cd (?:cdktf\.out\/stacks\/|\.\.\/)([\w-]+)$/.exec(command);
      if (cd) visited.push(cd[1]);
      const apply = /^terraform apply -var (\w+)=/.exec(command);
      if (apply) expect(variablesOf(visited[visited.length - 1])).toContain(apply[1]);
    }
    expect(visited.length).toBeGreaterThanOrEqual(5);
    // The order must respect what each stack reads through remote state (the manifest's
    // dependencies), and the state bucket must come first.
    expect(visited[0]).toBe('state');
    visited.forEach((stack, i) => {
      for (const dependency of manifest.stacks[stack].dependencies) {
        expect(visited.slice(0, i)).toContain(dependency);
      }
    });
  });

  test('the SecureString the README tells you to set is one the app creates as SecureString', () => {
    const names = commands
      .filter((c) => c.includes('put-parameter'))
      .join(' ')
      .match(/--name (\S+)/g)!
      .map((m) => m.replace('--name ', ''));
    expect(names.length).toBeGreaterThan(0);
    for (const name of names) {
      const env = name.split('/')[2];
      const parameters = Object.values(stacks[env].resource?.aws_ssm_parameter ?? {});
      expect(parameters).toContainEqual(expect.objectContaining({ name, type: 'SecureString' }));
    }
  });
});
