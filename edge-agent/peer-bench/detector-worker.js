'use strict';
// One detector process: one Human instance on one single-threaded TF.js wasm-SIMD backend.
// Started by run.js with child_process.fork; talks to it over IPC (advanced serialization, so frames
// arrive as binary, not JSON). Logs go to stderr; nothing is written to stdout.

const path = require('node:path');
const { registerFileModelLoader } = require('./file-model-loader.js');

// The package's `exports` block has no entry that `require` resolves to the wasm build, so it is
// loaded by its file path.
const HUMAN_NODE_WASM = path.join(__dirname, 'node_modules', '@vladmandic', 'human', 'dist', 'human.node-wasm.js');
const WASM_DIST = path.join(__dirname, 'node_modules', '@tensorflow', 'tfjs-backend-wasm', 'dist');

let human = null;
let workerId = -1;

function send(message) {
  process.send(message);
}

function log(...parts) {
  process.stderr.write(`[worker ${workerId}] ${parts.join(' ')}\n`);
}

async function init({ id, modelPath, minConfidence, maxDetected, iouThreshold, debug }) {
  workerId = id;
  const { Human } = require(HUMAN_NODE_WASM);
  const config = {
    backend: 'wasm',
    wasmPath: WASM_DIST + path.sep,
    wasmPlatformFetch: false,
    modelBasePath: path.dirname(modelPath) + path.sep,
    debug: Boolean(debug),
    async: true,
    warmup: 'none', // warm-up is done by run.js with real frames and kept out of the timing
    cacheModels: false,
    // Every shortcut that returns a previous frame's result instead of running the model is off.
    cacheSensitivity: 0,
    skipAllowed: false,
    filter: { enabled: false },
    gesture: { enabled: false },
    face: { enabled: false },
    body: { enabled: false },
    hand: { enabled: false },
    segmentation: { enabled: false },
    object: {
      enabled: true,
      modelPath, // absolute path: Human uses it as is instead of joining it to modelBasePath
      minConfidence,
      iouThreshold,
      maxDetected,
      skipFrames: 0,
      skipTime: 0,
    },
  };
  human = new Human(config);
  registerFileModelLoader(human.tf);

  const started = performance.now();
  await human.init();
  if (human.tf.getBackend() !== 'wasm') {
    throw new Error(`backend is ${human.tf.getBackend()}, expected wasm`);
  }
  await human.load();
  const model = human.models.models.nanodet;
  if (!model || !model.executor) {
    throw new Error(`NanoDet did not load from ${modelPath} (run with --debug for Human's log)`);
  }
  const loadMs = performance.now() - started;

  const env = human.tf.env();
  const simd = await env.getAsync('WASM_HAS_SIMD_SUPPORT');
  const multithread = await env.getAsync('WASM_HAS_MULTITHREAD_SUPPORT');
  const inputDims = Object.values(model.modelSignature.inputs)[0].tensorShape.dim.map((d) => Number(d.size));
  const kernels = human.env.kernels;
  const missing = ['mod', 'sparsetodense'].filter((k) => !kernels.includes(k));
  if (missing.length > 0) {
    // Human's NanoDet returns an empty result without running the model when these are missing.
    throw new Error(`backend lacks kernels Human's NanoDet needs: ${missing.join(', ')}`);
  }
  log(`ready: backend ${human.tf.getBackend()}, simd ${simd}, multithread ${multithread}, model input ${inputDims.join('x')}, ${loadMs.toFixed(0)} ms`);
  send({
    type: 'ready',
    simd,
    multithread,
    backend: human.tf.getBackend(),
    tfjsVersion: human.tf.version_core,
    humanVersion: human.version,
    modelInput: { width: inputDims[3], height: inputDims[2] },
    loadMs,
  });
}

async function detect(data, width, height) {
  const pixels = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  if (pixels.length !== width * height * 3) {
    throw new Error(`frame holds ${pixels.length} bytes, ${width}x${height} rgb24 needs ${width * height * 3}`);
  }
  // How Human's Node examples feed it: an int32 [1, H, W, 3] tensor (what tf.node.decodeImage yields).
  const tensor = human.tf.tensor4d(pixels, [1, height, width, 3], 'int32');
  try {
    const result = await human.detect(tensor);
    if (result.error) throw new Error(`human.detect: ${result.error}`);
    return result.object;
  } finally {
    human.tf.dispose(tensor);
  }
}

async function handle(message) {
  switch (message.type) {
    case 'init':
      await init(message);
      break;
    case 'warmup': {
      const started = performance.now();
      for (let i = 0; i < message.runs; i++) await detect(message.data, message.width, message.height);
      send({ type: 'warmed', ms: performance.now() - started });
      break;
    }
    case 'frame': {
      const started = performance.now();
      const cpuBefore = process.cpuUsage();
      const objects = await detect(message.data, message.width, message.height);
      const ms = performance.now() - started;
      const cpu = process.cpuUsage(cpuBefore);
      const persons = objects.filter((o) => o.label === 'person').length;
      send({ type: 'result', index: message.index, ms, cpuMs: (cpu.user + cpu.system) / 1000, persons, objects: objects.length });
      break;
    }
    case 'exit':
      process.disconnect();
      break;
    default:
      throw new Error(`unknown message ${message.type}`);
  }
}

// Messages are handled strictly one after another.
let chain = Promise.resolve();
process.on('message', (message) => {
  chain = chain.then(() => handle(message)).catch((error) => {
    send({ type: 'error', message: error && error.stack ? error.stack : String(error) });
  });
});
process.on('disconnect', () => process.exit(0));
