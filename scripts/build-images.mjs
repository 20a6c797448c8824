#!/usr/bin/env node
// Builds the project's images (gateway, web, the five services) from compose.yaml's build sections, with BuildKit
// and without compose, and prints each image's size, absolute and above its base.
//   node scripts/build-images.mjs                   official bases (node:20-slim, debian:bookworm-slim)
//   node scripts/build-images.mjs --local-base      the Debian + Node base made on this machine (no Docker Hub)
//   node scripts/build-images.mjs --base-image X    any other base for every image
//   node scripts/build-images.mjs auth web          only these compose services
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { parse } from 'yaml';
import { root } from './lib/env.mjs';
import { docker, dockerClient, ensureBaseImage, ensureDockerEngine } from './lib/docker.mjs';

/** Every compose service that has a build section: [{ service, image, context, dockerfile, target, args }]. */
export function composeImages(file = `${root}/compose.yaml`) {
  const compose = parse(readFileSync(file, 'utf8'), { merge: true });
  return Object.entries(compose.services)
    .filter(([, s]) => s.build)
    .map(([service, s]) => ({
      service,
      image: s.image,
      context: s.build.context ?? '.',
      dockerfile: s.build.dockerfile ?? 'Dockerfile',
      target: s.build.target,
      args: Object.fromEntries(Object.entries(s.build.args ?? {}).map(([k, v]) => [k, String(v)])),
    }));
}

/** The base an image is built on: the BASE_IMAGE passed, or the default its Dockerfile declares. */
export function baseOf(spec, baseImage) {
  if (baseImage) return baseImage;
  const text = readFileSync(`${root}/${spec.dockerfile}`, 'utf8');
  return /^ARG BASE_IMAGE=(\S+)/m.exec(text)?.[1];
}

/** Builds one image with BuildKit; throws with the end of the build output when it fails. */
export function buildImage(spec, { baseImage, quiet = true } = {}) {
  const args = { ...spec.args, ...(baseImage ? { BASE_IMAGE: baseImage } : {}) };
  const argv = ['build', '-f', spec.dockerfile, '-t', spec.image, ...(spec.target ? ['--target', spec.target] : [])];
  for (const [k, v] of Object.entries(args)) argv.push('--build-arg', `${k}=${v}`);
  if (quiet) argv.push('--progress=plain');
  argv.push(spec.context);
  const started = Date.now();
  const r = spawnSync(dockerClient(), argv, {
    cwd: root,
    env: { ...process.env, DOCKER_BUILDKIT: '1' },
    stdio: quiet ? ['ignore', 'pipe', 'pipe'] : 'inherit',
    encoding: 'utf8',
    maxBuffer: 256 << 20,
  });
  if (r.status !== 0) {
    const tail = `${r.stdout ?? ''}${r.stderr ?? ''}`.trim().split('\n').slice(-40).join('\n');
    throw new Error(`building ${spec.image} failed (exit ${r.status})${tail ? `:\n${tail}` : ''}`);
  }
  return { ...spec, base: baseOf(spec, baseImage), seconds: (Date.now() - started) / 1000 };
}

/** Size of a local image in bytes, or undefined when it is not here. */
export function imageSize(name) {
  const r = docker(['image', 'inspect', '--format', '{{.Size}}', name]);
  return r.status === 0 ? Number(r.stdout.trim()) : undefined;
}

/** Builds the images in compose order (the first Node image makes the shared build stage the others reuse). */
export function buildImages({ baseImage, only = [], quiet = true, log = () => {} } = {}) {
  const specs = composeImages().filter((s) => !only.length || only.includes(s.service));
  return specs.map((spec) => {
    log(`building ${spec.image}...`);
    const built = buildImage(spec, { baseImage, quiet });
    log(`built ${spec.image} in ${built.seconds.toFixed(1)} s`);
    return built;
  });
}

const mb = (bytes) => (bytes === undefined ? '?' : (bytes / 1e6).toFixed(0));

/** One line per image: size and size above its base, in MB. */
export function sizeTable(built) {
  const rows = built.map((b) => {
    const size = imageSize(b.image);
    const base = imageSize(b.base);
    return [b.image, mb(size), size !== undefined && base !== undefined ? mb(size - base) : '?', b.base, b.seconds.toFixed(1)];
  });
  const head = ['image', 'MB', 'MB above base', 'base', 'build s'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  return [head, ...rows].map((r) => r.map((c, i) => String(c).padEnd(widths[i])).join('  ')).join('\n');
}

async function main() {
  const argv = process.argv.slice(2);
  let baseImage;
  const only = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--base-image') baseImage = argv[++i];
    else if (argv[i] === '--local-base') baseImage = 'local';
    else only.push(argv[i]);
  }
  const engine = await ensureDockerEngine();
  if (!engine.ok) throw new Error(`no Docker engine: ${engine.reason}`);
  if (baseImage === 'local') baseImage = await ensureBaseImage();
  const t0 = Date.now();
  const built = buildImages({ baseImage, only, quiet: false, log: (m) => console.log(`[marketshare images] ${m}`) });
  console.log(`\n${sizeTable(built)}\n\nall built in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((e) => {
    console.error(`[marketshare images] ${e.message}`);
    process.exit(1);
  });
}
