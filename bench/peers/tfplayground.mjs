// TF Playground's network code, ported to plain JS for this benchmark.
// Structure and algorithm follow nn.ts of TensorFlow Playground
// (https://github.com/tensorflow/playground, Apache License 2.0, (c) Google):
// Node / Link objects, buildNetwork, forwardProp, backProp (accumulating derivatives),
// updateWeights (averaging them over the batch), and playground.ts's training loop
// (forwardProp + backProp per point, updateWeights every batchSize points).
// Written from the published algorithm, not copied; the only change is that the initial
// weights are the shared ones instead of Math.random() - 0.5.
import { halfMse, mean } from '../workloads.mjs';
import { measure } from '../harness.mjs';

export const id = 'tfplayground';
export const label = 'TF Playground nn.ts';

// ---------------------------------------------------------------- nn.ts
export class Node {
  constructor(id, activation, initZero) {
    this.id = id;
    this.inputLinks = [];
    this.bias = initZero ? 0 : 0.1;
    this.outputs = [];
    this.totalInput = 0;
    this.output = 0;
    this.outputDer = 0; // error derivative with respect to this node's output
    this.inputDer = 0; // error derivative with respect to this node's total input
    this.accInputDer = 0; // accumulated inputDer since the last update
    this.numAccumulatedDers = 0;
    this.activation = activation;
  }
  updateOutput() {
    this.totalInput = this.bias;
    for (let j = 0; j < this.inputLinks.length; j++) {
      const link = this.inputLinks[j];
      this.totalInput += link.weight * link.source.output;
    }
    this.output = this.activation.output(this.totalInput);
    return this.output;
  }
}

export const Errors = {
  SQUARE: {
    error: (output, target) => 0.5 * Math.pow(output - target, 2),
    der: (output, target) => output - target,
  },
};

export const Activations = {
  TANH: {
    output: (x) => Math.tanh(x),
    der: (x) => { const output = Math.tanh(x); return 1 - output * output; },
  },
  RELU: { output: (x) => Math.max(0, x), der: (x) => (x <= 0 ? 0 : 1) },
  SIGMOID: {
    output: (x) => 1 / (1 + Math.exp(-x)),
    der: (x) => { const output = 1 / (1 + Math.exp(-x)); return output * (1 - output); },
  },
  LINEAR: { output: (x) => x, der: () => 1 },
};

export class Link {
  constructor(source, dest, regularization, initZero) {
    this.id = source.id + '-' + dest.id;
    this.source = source;
    this.dest = dest;
    this.regularization = regularization;
    this.weight = initZero ? 0 : Math.random() - 0.5;
    this.isDead = false;
    this.errorDer = 0;
    this.accErrorDer = 0;
    this.numAccumulatedDers = 0;
  }
}

export function buildNetwork(networkShape, activation, outputActivation, regularization, inputIds, initZero) {
  const numLayers = networkShape.length;
  let id = 1;
  const network = [];
  for (let layerIdx = 0; layerIdx < numLayers; layerIdx++) {
    const isOutputLayer = layerIdx === numLayers - 1;
    const isInputLayer = layerIdx === 0;
    const currentLayer = [];
    network.push(currentLayer);
    const numNodes = networkShape[layerIdx];
    for (let i = 0; i < numNodes; i++) {
      let nodeId = id.toString();
      if (isInputLayer) nodeId = inputIds[i];
      else id++;
      const node = new Node(nodeId, isOutputLayer ? outputActivation : activation, initZero);
      currentLayer.push(node);
      if (layerIdx >= 1) {
        for (let j = 0; j < network[layerIdx - 1].length; j++) {
          const prevNode = network[layerIdx - 1][j];
          const link = new Link(prevNode, node, regularization, initZero);
          prevNode.outputs.push(link);
          node.inputLinks.push(link);
        }
      }
    }
  }
  return network;
}

export function forwardProp(network, inputs) {
  const inputLayer = network[0];
  if (inputs.length !== inputLayer.length) throw new Error('The number of inputs must match the number of nodes in the input layer');
  for (let i = 0; i < inputLayer.length; i++) inputLayer[i].output = inputs[i];
  for (let layerIdx = 1; layerIdx < network.length; layerIdx++) {
    const currentLayer = network[layerIdx];
    for (let i = 0; i < currentLayer.length; i++) currentLayer[i].updateOutput();
  }
  return network[network.length - 1][0].output;
}

export function backProp(network, target, errorFunc) {
  const outputNode = network[network.length - 1][0];
  outputNode.outputDer = errorFunc.der(outputNode.output, target);
  for (let layerIdx = network.length - 1; layerIdx >= 1; layerIdx--) {
    const currentLayer = network[layerIdx];
    for (let i = 0; i < currentLayer.length; i++) {
      const node = currentLayer[i];
      node.inputDer = node.outputDer * node.activation.der(node.totalInput);
      node.accInputDer += node.inputDer;
      node.numAccumulatedDers++;
    }
    for (let i = 0; i < currentLayer.length; i++) {
      const node = currentLayer[i];
      for (let j = 0; j < node.inputLinks.length; j++) {
        const link = node.inputLinks[j];
        if (link.isDead) continue;
        link.errorDer = node.inputDer * link.source.output;
        link.accErrorDer += link.errorDer;
        link.numAccumulatedDers++;
      }
    }
    if (layerIdx === 1) continue;
    const prevLayer = network[layerIdx - 1];
    for (let i = 0; i < prevLayer.length; i++) {
      const node = prevLayer[i];
      node.outputDer = 0;
      for (let j = 0; j < node.outputs.length; j++) {
        const output = node.outputs[j];
        node.outputDer += output.weight * output.dest.inputDer;
      }
    }
  }
}

export function updateWeights(network, learningRate, regularizationRate) {
  for (let layerIdx = 1; layerIdx < network.length; layerIdx++) {
    const currentLayer = network[layerIdx];
    for (let i = 0; i < currentLayer.length; i++) {
      const node = currentLayer[i];
      if (node.numAccumulatedDers > 0) {
        node.bias -= (learningRate * node.accInputDer) / node.numAccumulatedDers;
        node.accInputDer = 0;
        node.numAccumulatedDers = 0;
      }
      for (let j = 0; j < node.inputLinks.length; j++) {
        const link = node.inputLinks[j];
        if (link.isDead) continue;
        const regulDer = link.regularization ? link.regularization.der(link.weight) : 0;
        if (link.numAccumulatedDers > 0) {
          link.weight = link.weight - (learningRate / link.numAccumulatedDers) * link.accErrorDer;
          const newLinkWeight = link.weight - learningRate * regularizationRate * regulDer;
          if (link.regularization && link.regularization.name === 'L1' && link.weight * newLinkWeight < 0) {
            link.weight = 0;
            link.isDead = true;
          } else {
            link.weight = newLinkWeight;
          }
          link.accErrorDer = 0;
          link.numAccumulatedDers = 0;
        }
      }
    }
  }
}
// ---------------------------------------------------------------- end of nn.ts

// Per-layer L2 norm of the batch-mean weight gradient, read from the accumulated
// derivatives before updateWeights clears them (what a vanishing-gradient view needs).
function gradNorms(network, out) {
  for (let layerIdx = 1; layerIdx < network.length; layerIdx++) {
    let s = 0;
    for (const node of network[layerIdx])
      for (const link of node.inputLinks) {
        const g = link.accErrorDer / Math.max(1, link.numAccumulatedDers);
        s += g * g;
      }
    out[layerIdx - 1] = Math.sqrt(s);
  }
  return out;
}

export async function run(spec, data, init, opts) {
  const act = { tanh: Activations.TANH, sigmoid: Activations.SIGMOID, linear: Activations.LINEAR };
  const inputIds = Array.from({ length: spec.sizes[0] }, (_, i) => 'x' + i);
  const network = buildNetwork(spec.sizes, act[spec.hidden] ?? Activations.LINEAR, act[spec.output], null, inputIds, false);
  const reset = () => {
    for (let l = 1; l < network.length; l++) {
      const { W, b, nIn } = init[l - 1];
      network[l].forEach((node, o) => {
        node.bias = b ? b[o] : 0;
        node.accInputDer = 0;
        node.numAccumulatedDers = 0;
        node.inputLinks.forEach((link, i) => {
          link.weight = W[o * nIn + i];
          link.accErrorDer = 0;
          link.numAccumulatedDers = 0;
          link.isDead = false;
        });
      });
    }
  };
  const { X, Y, n, dIn } = data;
  // playground.ts builds an input array per point (constructInput); we build them once.
  const inputs = Array.from({ length: n }, (_, p) => Array.from(X.subarray(p * dIn, (p + 1) * dIn)));
  if (spec.grid) {
    const N = data.gridN, out = new Float64Array(N);
    const gridInputs = Array.from({ length: N }, (_, p) => [data.G[2 * p], data.G[2 * p + 1]]);
    const trainer = {
      reset,
      work(units) {
        for (let u = 0; u < units; u++) for (let p = 0; p < N; p++) out[p] = forwardProp(network, gridInputs[p]);
      },
      loss: () => mean(out),
    };
    return measure(trainer, opts.units, opts);
  }
  const bs = spec.batch;
  const outNode = network[network.length - 1][0];
  const norms = new Float64Array(network.length - 1);
  let cursor = 0;
  const trainer = {
    reset: () => { reset(); cursor = 0; },
    work(units) {
      const steps = units * spec.unitSteps;
      for (let s = 0; s < steps; s++) {
        for (let k = 0; k < bs; k++) {
          forwardProp(network, inputs[cursor]);
          backProp(network, Y[cursor], Errors.SQUARE);
          cursor = cursor + 1 === n ? 0 : cursor + 1;
        }
        if (spec.gradNorms) gradNorms(network, norms);
        updateWeights(network, spec.lr, 0);
        if (!spec.bias) outNode.bias = 0; // W3 has no bias: nn.ts always has one, keep it at 0
      }
    },
    loss() {
      let s = 0;
      for (let p = 0; p < n; p++) s += Errors.SQUARE.error(forwardProp(network, inputs[p]), Y[p]);
      return s / n;
    },
  };
  return measure(trainer, opts.units, opts);
}
