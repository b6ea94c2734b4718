'use strict';
// TF.js in Node has no loader for files on disk unless @tensorflow/tfjs-node is installed (it cannot be
// installed offline: its install script downloads a native binary). This registers a tf.io load router
// for `file://` URLs and absolute paths to a model.json: it reads the JSON and its weight shards and
// hands TF.js the same artifacts the HTTP loader would. Same approach as models/parity/run-tfjs.mjs,
// which reads the model the same way but is a script and cannot be imported.

const fs = require('node:fs');
const path = require('node:path');
const { fileURLToPath } = require('node:url');

function toFilePath(url) {
  if (typeof url !== 'string') return null;
  if (url.startsWith('file://')) return fileURLToPath(url);
  if (path.isAbsolute(url)) return url;
  return null;
}

function loadArtifacts(modelJsonPath) {
  const json = JSON.parse(fs.readFileSync(modelJsonPath, 'utf8'));
  if (!json.modelTopology || !Array.isArray(json.weightsManifest)) {
    throw new Error(`${modelJsonPath} is not a TF.js model.json (no modelTopology or weightsManifest)`);
  }
  const dir = path.dirname(modelJsonPath);
  const weightSpecs = json.weightsManifest.flatMap((group) => group.weights);
  const shards = json.weightsManifest.flatMap((group) => group.paths.map((p) => fs.readFileSync(path.join(dir, p))));
  const all = Buffer.concat(shards);
  return {
    modelTopology: json.modelTopology,
    format: json.format,
    generatedBy: json.generatedBy,
    convertedBy: json.convertedBy,
    signature: json.signature,
    userDefinedMetadata: json.userDefinedMetadata,
    modelInitializer: json.modelInitializer,
    trainingConfig: json.trainingConfig,
    weightSpecs,
    weightData: all.buffer.slice(all.byteOffset, all.byteOffset + all.byteLength),
  };
}

/** Registers the router on the given tf namespace (the one the model will be loaded through). */
function registerFileModelLoader(tf) {
  tf.io.registerLoadRouter((url) => {
    const file = toFilePath(url);
    if (file === null || !file.toLowerCase().endsWith('.json')) return null;
    return { load: async () => loadArtifacts(file) };
  });
}

module.exports = { registerFileModelLoader };
