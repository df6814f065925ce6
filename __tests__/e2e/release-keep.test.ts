import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator, type Emulator } from '../../testbed/emulator/moto';
import { KEEP_SCRIPT } from '../../scripts/workflows/render';

/**
 * The step of the application release workflows that keeps a promoted image (KEEP_SCRIPT in
 * scripts/workflows/render.ts), run as GitHub runs it (bash, the AWS CLI) against the emulator's
 * ECR: the image gets a `release-` tag beside its `sha-` tag, as the same image (one digest), so the
 * registry's release rule keeps it after newer builds push it out of the `sha-` count.
 */

const REPOSITORY = 'webapp/backend';
/** A manifest as `docker push` writes it: indented JSON, whose bytes are the image's digest. */
const MANIFEST = JSON.stringify(
  {
    schemaVersion: 2,
    mediaType: 'application/vnd.docker.distribution.manifest.v2+json',
    config: {
      mediaType: 'application/vnd.docker.container.image.v1+json',
      size: 1470,
      digest: 'sha256:9c7a54a9a43cca047013b82af109fe963fde787f63f9e016fdc3384500c2823d',
    },
    layers: [
      {
        mediaType: 'application/vnd.docker.image.rootfs.diff.tar.gzip',
        size: 3623807,
        digest: 'sha256:1b930d010525941c1d56ec53b97bd057a67ae1865eebf042686d2a2d18271ced',
      },
    ],
  },
  null,
  3,
);

let emulator: Emulator;
let dir: string;

beforeAll(async () => {
  emulator = await startEmulator();
  dir = mkdtempSync(join(tmpdir(), 'release-keep-'));
  aws('ecr', 'create-repository', '--repository-name', REPOSITORY, '--image-tag-mutability', 'IMMUTABLE');
  aws(
    'ecr',
    'put-image',
    '--repository-name',
    REPOSITORY,
    '--image-tag',
    'sha-3f2a1c9',
    '--image-manifest',
    MANIFEST,
  );
}, 60_000);

afterAll(async () => {
  await emulator?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** The environment of a job step after configure-aws-credentials, pointed at the emulator. */
function awsEnv(): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: dir,
    AWS_ENDPOINT_URL: emulator.endpoint,
    AWS_CA_BUNDLE: emulator.caBundle,
    AWS_ACCESS_KEY_ID: 'AKIAEXAMPLEPROMOTE01',
    AWS_SECRET_ACCESS_KEY: 'promote',
    AWS_DEFAULT_REGION: 'ap-northeast-1',
    GITHUB_STEP_SUMMARY: join(dir, 'summary.md'),
  };
}

function aws(...args: string[]): any {
  const run = spawnSync('aws', [...args, '--output', 'json'], { env: awsEnv(), encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`aws ${args.slice(0, 2).join(' ')}: ${run.stderr}`);
  return run.stdout.trim() ? JSON.parse(run.stdout) : undefined;
}

function keep(imageTag: string) {
  return spawnSync('bash', ['-c', KEEP_SCRIPT], {
    env: { ...awsEnv(), REPOSITORY, IMAGE_TAG: imageTag },
    encoding: 'utf8',
  });
}

const images = () =>
  (aws('ecr', 'describe-images', '--repository-name', REPOSITORY).imageDetails as any[]).map((i) => ({
    digest: i.imageDigest,
    tags: [...i.imageTags].sort(),
  }));

test('a promoted build is tagged release-<commit> as the same image, once', () => {
  const [before] = images();

  const first = keep('sha-3f2a1c9');
  expect({ status: first.status, stderr: first.stderr }).toEqual({ status: 0, stderr: '' });
  expect(images()).toEqual([{ digest: before.digest, tags: ['release-3f2a1c9', 'sha-3f2a1c9'] }]);
  expect(readFileSync(join(dir, 'summary.md'), 'utf8')).toContain(
    `${REPOSITORY}:sha-3f2a1c9 is kept as release-3f2a1c9`,
  );

  // promoted again (to the next environment): nothing changes, and the step passes
  const again = keep('sha-3f2a1c9');
  expect(again.status).toBe(0);
  expect(again.stdout).toContain('release-3f2a1c9 is kept already');
  expect(images()).toEqual([{ digest: before.digest, tags: ['release-3f2a1c9', 'sha-3f2a1c9'] }]);
});

test.each([
  ['a build that is not in the registry', 'sha-0000000', 'webapp/backend:sha-0000000 is not in the registry'],
  ['a tag the release workflow never pushes', 'latest', 'latest is not a tag the release workflow pushed'],
])('%s is refused', (_what, tag, message) => {
  const refused = keep(tag);
  expect(refused.status).toBe(1);
  expect(refused.stdout).toContain(`::error::${message}`);
});
