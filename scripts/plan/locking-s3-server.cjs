#!/usr/bin/env node
'use strict';

/* eslint-disable @typescript-eslint/no-require-imports -- plain CommonJS, run by node itself */

/*
 * s3rver behind a thin HTTP front that honours S3 conditional writes.
 *
 * Terraform's S3 backend (`use_lockfile = true`) takes the state lock by writing `<key>.tflock`
 * with `If-None-Match: *` and relies on S3 answering 412 when the object already exists. s3rver
 * ignores that header, so two runs would both "get" the lock. This front answers 412 itself and
 * otherwise hands the request to s3rver unchanged. Test and offline use only: real S3 has
 * supported conditional writes since 2024.
 *
 * Plain CommonJS because s3rver's dependencies do not load under tsx. Path-style requests only.
 *
 * Usage: node locking-s3-server.cjs --directory <dir> [--address 127.0.0.1] [--port 0]
 *          [--configure-bucket <name>]... [--silent] [--no-conditional-writes]
 * Prints `listening on <address>:<port>` once requests are accepted.
 */

const fs = require('fs');
const http = require('http');
const S3rver = require('s3rver');
const S3Error = require('s3rver/lib/models/error');

function parseArgs(argv) {
  const options = { address: '127.0.0.1', port: 0, buckets: [], silent: false, conditionalWrites: true };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) throw new Error(`${arg} needs a value`);
      return argv[++i];
    };
    if (arg === '--directory' || arg === '-d') options.directory = value();
    else if (arg === '--address' || arg === '-a') options.address = value();
    else if (arg === '--port' || arg === '-p') options.port = Number(value());
    else if (arg === '--configure-bucket') options.buckets.push(value());
    else if (arg === '--silent' || arg === '-s') options.silent = true;
    // Exists only so a test can show that plain s3rver semantics would let two lock holders in.
    else if (arg === '--no-conditional-writes') options.conditionalWrites = false;
    else throw new Error(`unknown argument: ${arg}`);
  }
  if (!options.directory) throw new Error('--directory <path> is required');
  return options;
}

/**
 * One promise chain per bucket/key. A conditional write is a check followed by a write, and
 * both must happen with no other write to the same key in between, or two racing PUTs with
 * `If-None-Match: *` could both see "absent" and both succeed. Unconditional writes and deletes
 * join the same queue so a check can never be invalidated between check and write.
 */
function keyedMutex() {
  const tails = new Map();
  return async function withLock(name, task) {
    const previous = tails.get(name) || Promise.resolve();
    let release;
    const current = new Promise((resolve) => (release = resolve));
    const tail = previous.then(() => current);
    tails.set(name, tail);
    await previous;
    try {
      return await task();
    } finally {
      release();
      if (tails.get(name) === tail) tails.delete(name);
    }
  };
}

/** Path-style `/<bucket>/<key>`, decoded the way s3rver's router decodes it. */
function objectTarget(req) {
  const { pathname, searchParams } = new URL(req.url, 'http://loopback');
  const match = /^\/([^/]+)\/(.+)$/.exec(pathname);
  if (!match) return undefined;
  // Subresource requests (?tagging, ?uploadId, ...) are not object writes; `x-id` is a hint the
  // AWS SDKs add to every request.
  const subresource = [...searchParams.keys()].some((name) => name !== 'x-id');
  return { bucket: decodeURIComponent(match[1]), key: decodeURIComponent(match[2]), subresource };
}

function sendError(req, res, code, message, detail) {
  const error = new S3Error(code, message, detail);
  const body = error.toXML();
  // Drain the unread body so the client's keep-alive connection stays usable.
  req.resume();
  res.writeHead(error.status, {
    'Content-Type': 'application/xml',
    'Content-Length': Buffer.byteLength(body),
  });
  res.end(body);
}

/** Resolves once `res` is fully sent or the client went away, whichever comes first. */
function responseDone(res) {
  return new Promise((resolve) => {
    if (res.writableFinished || res.destroyed) return resolve();
    res.once('finish', resolve);
    res.once('close', resolve);
  });
}

/** Returns the error to send, or undefined when the write may go ahead. */
async function preconditionError(store, { bucket, key }, headers) {
  const noneMatch = headers['if-none-match'];
  const ifMatch = headers['if-match'];
  if (noneMatch === undefined && ifMatch === undefined) return undefined;
  if (!(await store.getBucket(bucket))) return undefined; // let s3rver answer NoSuchBucket

  const metadata = await store.getMetadata(bucket, key).catch((err) => {
    if (err.code === 'ENOENT') return undefined;
    throw err;
  });
  const etag = metadata && JSON.parse(metadata.etag);
  const failed = {
    code: 'PreconditionFailed',
    message: 'At least one of the pre-conditions you specified did not hold',
  };

  // S3 accepts only `*` here for writes: "create, never overwrite".
  if (noneMatch !== undefined) {
    if (noneMatch.trim() !== '*') {
      return {
        code: 'NotImplemented',
        message: 'If-None-Match on PUT accepts only "*"',
        detail: { Header: 'If-None-Match' },
      };
    }
    if (metadata) return { ...failed, detail: { Condition: 'If-None-Match' } };
  }
  if (ifMatch !== undefined) {
    if (!metadata)
      return { code: 'NoSuchKey', message: 'The specified key does not exist.', detail: { Key: key } };
    const wanted = ifMatch.split(',').map((tag) => tag.trim().replace(/^W\//, '').replace(/^"|"$/g, ''));
    if (!wanted.includes('*') && !wanted.includes(etag))
      return { ...failed, detail: { Condition: 'If-Match' } };
  }
  return undefined;
}

async function start(options) {
  fs.mkdirSync(options.directory, { recursive: true });
  const s3rver = new S3rver({
    directory: options.directory,
    silent: options.silent,
    configureBuckets: options.buckets.map((name) => ({ name, configs: [] })),
  });
  await s3rver.configureBuckets();
  const forward = s3rver.callback();
  const withLock = keyedMutex();

  const server = http.createServer((req, res) => {
    const target =
      options.conditionalWrites && (req.method === 'PUT' || req.method === 'DELETE') && objectTarget(req);
    if (!target || target.subresource) return forward(req, res);

    withLock(`${target.bucket}/${target.key}`, async () => {
      const error =
        req.method === 'PUT' ? await preconditionError(s3rver.store, target, req.headers) : undefined;
      if (error) return sendError(req, res, error.code, error.message, error.detail);
      // Hold the key until s3rver has stored the object, not merely until it was handed over.
      const done = responseDone(res);
      forward(req, res);
      await done;
    }).catch((err) => {
      if (res.headersSent) res.destroy(err);
      else sendError(req, res, 'InternalError', String(err && err.message));
    });
  });

  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.address, resolve);
  });
  const { address, port } = server.address();
  return { server, address, port };
}

if (require.main === module) {
  let options;
  try {
    options = parseArgs(process.argv.slice(2));
  } catch (err) {
    console.error(err.message);
    process.exit(2);
  }
  start(options).then(
    ({ address, port }) => console.log(`listening on ${address}:${port}`),
    (err) => {
      console.error(err);
      process.exit(1);
    },
  );
}

module.exports = { start, parseArgs };
