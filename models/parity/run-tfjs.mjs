// Runs the original TF.js graph model on raw float32 input tensors and writes its raw outputs,
// so that tests can compare the ONNX conversion against the model as its authors ship it.
//
// usage: node run-tfjs.mjs --model model.json --input input.f32 --shape N,C,H,W --out DIR
//                          [--input-size WxH]
//
// --input-size re-targets the reference graph the same way the converter does (placeholder shape
// and the ResizeBilinear target sizes scaled by the size ratio), so retargeted ONNX models can be
// compared too. The model's Reshape shapes hard-code batch 1, so the images run one at a time.

import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';

const args = parseArgs(process.argv.slice(2));
const modelJsonPath = path.resolve(required(args, 'model'));
const inputPath = path.resolve(required(args, 'input'));
const outDir = path.resolve(required(args, 'out'));
const inputShape = required(args, 'shape').split(',').map(Number);
if (inputShape.length !== 4 || inputShape.some((d) => !Number.isInteger(d) || d <= 0)) {
  fail(`--shape must be N,C,H,W positive integers, got ${args.shape}`);
}

const modelJson = JSON.parse(fs.readFileSync(modelJsonPath, 'utf8'));
const weightSpecs = modelJson.weightsManifest.flatMap((group) => group.weights);
const weightData = concatShards(modelJson, path.dirname(modelJsonPath));
if (args['input-size']) {
  retarget(modelJson, weightSpecs, weightData, args['input-size'], inputShape);
}

// No file:// loader exists in the offline-installable packages: the wasm binaries are read from
// node_modules by path.
const require = createRequire(import.meta.url);
const wasmDir = path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'));
setWasmPaths(wasmDir + path.sep);
await tf.setBackend('wasm');
await tf.ready();

const model = await tf.loadGraphModel(tf.io.fromMemory({
  modelTopology: modelJson.modelTopology,
  weightSpecs,
  weightData,
  format: modelJson.format,
  generatedBy: modelJson.generatedBy,
  convertedBy: modelJson.convertedBy,
  signature: modelJson.signature,
}));

const [n, c, h, w] = inputShape;
const imageSize = c * h * w;
const inputBytes = fs.readFileSync(inputPath);
if (inputBytes.length !== n * imageSize * 4) {
  fail(`${inputPath} holds ${inputBytes.length} bytes, shape ${inputShape} needs ${n * imageSize * 4}`);
}
const input = new Float32Array(inputBytes.buffer, inputBytes.byteOffset, n * imageSize);

const outputNames = model.outputNodes;
const perOutput = outputNames.map(() => []);
let outputShapes = null;
const started = performance.now();
for (let i = 0; i < n; i++) {
  const results = tf.tidy(() => {
    const image = tf.tensor4d(input.subarray(i * imageSize, (i + 1) * imageSize), [1, c, h, w]);
    const out = model.execute(image, outputNames);
    return Array.isArray(out) ? out : [out];
  });
  outputShapes = results.map((t) => t.shape);
  results.forEach((t, k) => perOutput[k].push(t.dataSync().slice()));
  tf.dispose(results);
}
const msPerImage = (performance.now() - started) / n;

fs.mkdirSync(outDir, { recursive: true });
const index = { backend: tf.getBackend(), msPerImage, outputs: [] };
outputNames.forEach((name, k) => {
  const file = `output_${k}.f32`;
  const joined = Buffer.concat(perOutput[k].map((a) => Buffer.from(a.buffer, a.byteOffset, a.byteLength)));
  fs.writeFileSync(path.join(outDir, file), joined);
  index.outputs.push({ name, shape: [n, ...outputShapes[k].slice(1)], file });
});
fs.writeFileSync(path.join(outDir, 'index.json'), JSON.stringify(index, null, 2));

function concatShards(json, dir) {
  const buffers = json.weightsManifest.flatMap((group) => group.paths.map((p) => fs.readFileSync(path.join(dir, p))));
  const all = Buffer.concat(buffers);
  return all.buffer.slice(all.byteOffset, all.byteOffset + all.byteLength);
}

// Scales every ResizeBilinear target size by the new/old input ratio and widens the placeholder,
// editing the int32 size constants in place inside the weight buffer.
function retarget(json, specs, data, sizeText, shape) {
  const match = /^(\d+)x(\d+)$/.exec(sizeText);
  if (!match) fail(`--input-size must be WxH, got ${sizeText}`);
  const [newW, newH] = [Number(match[1]), Number(match[2])];
  if (shape[2] !== newH || shape[3] !== newW) fail(`--shape ${shape} does not match --input-size ${sizeText}`);
  const nodes = json.modelTopology.node;
  const placeholders = nodes.filter((node) => node.op === 'Placeholder');
  if (placeholders.length !== 1) fail(`expected one Placeholder, found ${placeholders.length}`);
  const dims = placeholders[0].attr.shape.shape.dim;
  const [oldH, oldW] = [Number(dims[2].size), Number(dims[3].size)];
  dims[2].size = String(newH);
  dims[3].size = String(newW);
  for (const sig of Object.values(json.signature?.inputs ?? {})) {
    sig.tensorShape.dim[2].size = String(newH);
    sig.tensorShape.dim[3].size = String(newW);
  }

  const offsets = new Map();
  let offset = 0;
  for (const spec of specs) {
    offsets.set(spec.name, offset);
    const count = spec.shape.reduce((a, b) => a * b, 1);
    const bytesPerValue = spec.quantization ? { float16: 2, uint8: 1, uint16: 2 }[spec.quantization.dtype] : 4;
    offset += count * bytesPerValue;
  }
  const view = new DataView(data);
  for (const node of nodes.filter((n) => n.op === 'ResizeBilinear')) {
    const sizeName = node.input[1];
    const at = offsets.get(sizeName);
    const spec = specs.find((s) => s.name === sizeName);
    if (at === undefined || spec.dtype !== 'int32' || spec.quantization) {
      fail(`resize size ${sizeName} of ${node.name} is not a stored int32 constant`);
    }
    const h = view.getInt32(at, true);
    const w = view.getInt32(at + 4, true);
    const [scaledH, scaledW] = [(h * newH) / oldH, (w * newW) / oldW];
    if (!Number.isInteger(scaledH) || !Number.isInteger(scaledW)) {
      fail(`resize ${node.name} size ${h}x${w} does not scale to an integer size for ${sizeText}`);
    }
    view.setInt32(at, scaledH, true);
    view.setInt32(at + 4, scaledW, true);
  }
}

function parseArgs(argv) {
  const parsed = {};
  for (let i = 0; i < argv.length; i += 2) {
    if (!argv[i].startsWith('--') || i + 1 >= argv.length) fail(`bad argument list near ${argv[i]}`);
    parsed[argv[i].slice(2)] = argv[i + 1];
  }
  return parsed;
}

function required(parsed, name) {
  if (parsed[name] === undefined) fail(`missing --${name}`);
  return parsed[name];
}

function fail(message) {
  console.error(`run-tfjs: ${message}`);
  process.exit(2);
}
