// The demo page: a drawing pad with live prediction (the CLI's preprocessing, the CLI's .wasm), the
// controls for training in a Web Worker (worker.ts) with its chart (chart.ts), the benchmark panel
// (bench-panel.ts) and what ran. Drawing and layout only; the engine does the work. Every text that comes
// from a file (its name, its metadata) or an error goes into the page as text, never as HTML.

import { Recognizer, PRESETS, simdSupported, type Prediction } from "../bindings/api.js";
import { createEngine, type Engine } from "../bindings/engine/engine.js";
import { chartLayout, drawChart, type ChartPoint } from "./chart.js";
import { wholeNumber } from "./form.js";
import { benchPanel } from "./bench-panel.js";
import type { FromWorker, ToWorker } from "./messages.js";

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const pad = $<HTMLCanvasElement>("pad");
const seen = $<HTMLCanvasElement>("seen");
const curves = $<HTMLCanvasElement>("curves");
const progress = $<HTMLProgressElement>("progress");
const padContext = pad.getContext("2d", { willReadFrequently: true })!;

let engine: Engine | undefined;
let recognizer: Recognizer | undefined;
let pretrained: Recognizer | undefined;
let wasmBytes = 0;

/** Sets a status line: the pad's (which model, loading) or the training card's. */
function say(where: "pad-status" | "status", text: string, error = false): void {
  const line = $(where);
  line.textContent = text;
  line.classList.toggle("error", error);
}

/** A test accuracy from a model's metadata, or "" when it holds none (or something that is not a number). */
function accuracyNote(metadata: Record<string, string>): string {
  const accuracy = Number(metadata.test_accuracy);
  return metadata.test_accuracy && Number.isFinite(accuracy) ? `test accuracy ${(accuracy * 100).toFixed(2)}%` : "";
}

// ---- drawing pad: strokes kept as point lists so Undo can redraw without the last one ----
type Point = [number, number];
const strokes: Point[][] = [];
let drawing: Point[] | null = null;

function redraw(): void {
  padContext.fillStyle = "#fff";
  padContext.fillRect(0, 0, pad.width, pad.height);
  padContext.strokeStyle = "#111";
  padContext.lineWidth = 18;
  padContext.lineCap = "round";
  padContext.lineJoin = "round";
  for (const s of strokes) {
    padContext.beginPath();
    padContext.moveTo(s[0][0], s[0][1]);
    // A single tap still leaves a dot.
    const rest = s.length > 1 ? s.slice(1) : [[s[0][0] + 0.1, s[0][1]] as Point];
    for (const [x, y] of rest) padContext.lineTo(x, y);
    padContext.stroke();
  }
}

function at(e: PointerEvent): Point {
  const r = pad.getBoundingClientRect();
  return [((e.clientX - r.left) * pad.width) / r.width, ((e.clientY - r.top) * pad.height) / r.height];
}

pad.addEventListener("pointerdown", (e) => {
  pad.setPointerCapture(e.pointerId);
  drawing = [at(e)];
  strokes.push(drawing);
  schedule();
});
pad.addEventListener("pointermove", (e) => {
  if (!drawing) return;
  // Coalesced events keep fast pen strokes smooth.
  for (const c of e.getCoalescedEvents?.() ?? [e]) drawing.push(at(c));
  schedule();
});
const end = () => {
  drawing = null;
  schedule();
};
pad.addEventListener("pointerup", end);
pad.addEventListener("pointercancel", end);
$("clear").addEventListener("click", () => {
  strokes.length = 0;
  schedule();
});
$("undo").addEventListener("click", () => {
  strokes.pop();
  schedule();
});

// ---- live prediction, at most once per frame ----
let pending = false;
function schedule(): void {
  if (pending) return;
  pending = true;
  requestAnimationFrame(() => {
    pending = false;
    redraw();
    predictPad();
  });
}

const bars = $<HTMLOListElement>("bars");
for (let d = 0; d < 10; d++) {
  const item = document.createElement("li");
  const bar = document.createElement("div");
  bar.className = "bar";
  bar.style.height = "2px";
  item.append(bar, String(d));
  bars.append(item);
}

function show(p: Prediction | null): void {
  const seenContext = seen.getContext("2d")!;
  const image = seenContext.createImageData(28, 28);
  for (let i = 0; i < 784; i++) {
    const v = p ? Math.round(p.pixels[i] * 255) : 0;
    image.data.set([v, v, v, 255], i * 4);
  }
  seenContext.putImageData(image, 0, 0);
  const found = p && !p.blank ? p : null;
  // A number drawn on the pad shows as its digits; the bars are those of its first digit.
  const first = found?.digits[0];
  $("prediction").textContent = found ? found.number! : "?";
  $("confidence").textContent = found ? `${found.digits.map((d) => `${(d.confidence * 100).toFixed(1)}%`).join(", ")} sure` : "draw a digit in the box";
  bars.querySelectorAll("li").forEach((li, d) => {
    const value = first ? first.probabilities[d] : 0;
    (li.firstElementChild as HTMLElement).style.height = `${Math.max(2, value * 100)}%`;
    li.classList.toggle("top", d === first?.digit);
  });
}

/** Stroke-to-answer times of the last predictions (reading the pad, preprocessing, the network, drawing), ms. */
const answerMs: number[] = [];
function predictPad(): void {
  if (!recognizer) return;
  if (strokes.length === 0) {
    show(null);
    return;
  }
  const t0 = performance.now();
  const p = recognizer.predictImage(padContext.getImageData(0, 0, pad.width, pad.height));
  show(p);
  answerMs.push(performance.now() - t0);
  if (answerMs.length > 100) answerMs.shift();
  info();
}

function answerTimes(): string {
  if (answerMs.length === 0) return "…";
  const sorted = [...answerMs].sort((a, b) => a - b);
  const median = sorted[sorted.length >> 1];
  return `median ${median.toFixed(1)} ms over the last ${answerMs.length} answers (last ${answerMs[answerMs.length - 1].toFixed(1)} ms): reading the pad, preprocessing, the network, the bars`;
}

// ---- the training chart ----
const points: ChartPoint[] = [];
let chartEpochs = 1;

function drawCurves(): void {
  const dpr = window.devicePixelRatio || 1;
  const width = curves.clientWidth || 560;
  const height = curves.clientHeight || 300;
  // The backing store follows the element's size, so text stays 12 px at any width and sharp on any screen.
  if (curves.width !== Math.round(width * dpr) || curves.height !== Math.round(height * dpr)) {
    curves.width = Math.round(width * dpr);
    curves.height = Math.round(height * dpr);
  }
  const c = curves.getContext("2d")!;
  c.setTransform(dpr, 0, 0, dpr, 0, 0);
  const layout = chartLayout(width, height, points, chartEpochs);
  drawChart(c, layout, "the curves appear here during training");
  // For tests and curious readers: what the axes say.
  curves.dataset.layout = JSON.stringify({
    x: layout.xTicks.map((t) => t.label), panels: layout.panels.map((p) => ({ title: p.title, ticks: p.ticks.map((t) => t.label), rect: p.rect })), points: points.length,
  });
}

function clearCurves(epochs = chartEpochs): void {
  points.length = 0;
  chartEpochs = epochs;
  drawCurves();
}
new ResizeObserver(() => drawCurves()).observe(curves);

// ---- training in a worker, one for the page's life (it keeps MNIST loaded) ----
const presetSelect = $<HTMLSelectElement>("preset");
for (const p of Object.values(PRESETS)) {
  const option = document.createElement("option");
  option.value = p.name;
  option.title = p.description;
  option.textContent = p.name;
  presetSelect.append(option);
}
presetSelect.addEventListener("change", () => {
  $<HTMLInputElement>("epochs").value = presetSelect.value === "seed" ? "1" : String(PRESETS[presetSelect.value].epochs);
  checkField("epochs", "epochs", 1, 50);
});

let worker: Worker | undefined;
let paused = false;
let training = false;
let benchmarking = false;
const send = (m: ToWorker) => worker?.postMessage(m);

function trainingWorker(): Worker {
  if (worker) return worker;
  const w = new Worker(new URL("worker.js", location.href), { type: "module" });
  w.onmessage = (e: MessageEvent<FromWorker>) => onWorker(e.data);
  w.onerror = (e) => {
    // A worker that crashed is replaced on the next run.
    w.terminate();
    worker = undefined;
    failed(`training failed: ${e.message}`);
  };
  worker = w;
  return w;
}

function updateButtons(): void {
  $<HTMLButtonElement>("train").disabled = training || benchmarking;
  $<HTMLButtonElement>("pause").disabled = !training;
  $<HTMLButtonElement>("cancel").disabled = !training;
  presetSelect.disabled = training;
  bench.setEnabled(!training);
}

function setTraining(on: boolean): void {
  training = on;
  if (!on) {
    paused = false;
    $("pause").textContent = "Pause";
  }
  updateButtons();
}

function failed(message: string): void {
  setTraining(false);
  progress.value = 0;
  clearCurves();
  say("status", message, true);
}

/** The field's value when valid; otherwise its message is shown beside it and undefined returned. */
function checkField(id: "epochs" | "seed", what: string, min: number, max: number): number | undefined {
  const input = $<HTMLInputElement>(id);
  const checked = wholeNumber(input.value, what, min, max);
  const message = $(`${id}-error`);
  message.textContent = checked.error ?? "";
  message.hidden = checked.error === undefined;
  input.setAttribute("aria-invalid", String(checked.error !== undefined));
  return checked.value;
}
for (const [id, what, max] of [["epochs", "epochs", 50], ["seed", "seed", 2 ** 32 - 1]] as const) {
  $(id).addEventListener("input", () => checkField(id, what, id === "epochs" ? 1 : 0, max));
}

$("train").addEventListener("click", () => {
  const epochs = checkField("epochs", "epochs", 1, 50);
  const seed = checkField("seed", "seed", 0, 2 ** 32 - 1);
  if (epochs === undefined || seed === undefined) {
    say("status", "not started: correct the field marked above", true);
    return;
  }
  clearCurves(epochs);
  progress.value = 0;
  setTraining(true);
  say("status", "starting…");
  trainingWorker();
  send({ type: "train", preset: presetSelect.value, epochs, seed });
});
$("pause").addEventListener("click", () => {
  paused = !paused;
  send({ type: paused ? "pause" : "resume" });
  $("pause").textContent = paused ? "Resume" : "Pause";
  if (paused) say("status", `paused: ${$("status").textContent}`);
});
$("cancel").addEventListener("click", () => send({ type: "cancel" }));

let trainingThreads: { threads: number; isolated: boolean } | undefined;

function onWorker(m: FromWorker): void {
  if (m.type === "status") say("status", m.text);
  else if (m.type === "threads") {
    trainingThreads = m;
    info();
  } else if (m.type === "progress") {
    progress.value = m.fraction;
    points.push({ at: m.epoch - 1 + m.batch / m.batches, loss: m.loss, accuracy: m.accuracy });
    drawCurves();
    const speed = `${Math.round(m.samplesPerSecond).toLocaleString("en")} samples/s`;
    if (!paused) say("status", `epoch ${m.epoch}/${m.epochs}, batch ${m.batch}/${m.batches}: loss ${m.loss.toFixed(4)}, accuracy ${(m.accuracy * 100).toFixed(2)}%, ${speed}, ${Math.ceil(m.eta)} s left`);
  } else if (m.type === "done") {
    progress.value = 1;
    setTraining(false);
    recognizer = Recognizer.fromBytes(engine!, m.bytes);
    const link = $<HTMLAnchorElement>("download");
    if (link.href.startsWith("blob:")) URL.revokeObjectURL(link.href);
    link.href = URL.createObjectURL(new Blob([m.bytes as Uint8Array<ArrayBuffer>], { type: "application/octet-stream" }));
    link.download = `${m.preset}-seed${m.seed}.safetensors`;
    link.hidden = false;
    $("pretrained").hidden = false;
    const speed = `${Math.round(m.samplesPerSecond).toLocaleString("en")} samples/s`;
    say("status", `done: test accuracy ${(m.testAccuracy * 100).toFixed(2)}% after ${m.seconds.toFixed(1)} s of training (${speed}); the pad now uses this model`);
    say("pad-status", `using the model just trained (${m.preset} preset, seed ${m.seed})`);
    (window as unknown as { trainedModel?: Uint8Array }).trainedModel = m.bytes; // for automated tests
    info();
    schedule();
  } else if (m.type === "cancelled") {
    setTraining(false);
    say("status", "training cancelled; the pad keeps its model");
  } else if (m.type === "error") {
    failed(m.message);
  }
}

// ---- model files ----
$<HTMLInputElement>("upload").addEventListener("change", async (e) => {
  const input = e.target as HTMLInputElement;
  const file = input.files?.[0];
  if (!file || !engine) return;
  // The old curve belonged to another model.
  clearCurves();
  try {
    recognizer = Recognizer.fromBytes(engine, new Uint8Array(await file.arrayBuffer()));
    $("pretrained").hidden = false;
    const note = accuracyNote(recognizer.metadata);
    say("pad-status", `using ${file.name}${note ? ` (${note})` : ""}`);
    schedule();
  } catch (error) {
    say("pad-status", `${file.name}: ${(error as Error).message}`, true);
  }
  info();
  // The same file chosen again is a new change.
  input.value = "";
});
$("pretrained").addEventListener("click", () => {
  if (!pretrained) return;
  recognizer = pretrained;
  $("pretrained").hidden = true;
  say("pad-status", "using the pretrained model");
  info();
  schedule();
});

// ---- the benchmark panel ----
const bench = benchPanel((running) => {
  benchmarking = running;
  updateButtons();
});

// ---- what ran ----
function threadsLine(): string {
  const cores = `this device has ${navigator.hardwareConcurrency || "?"} cores`;
  if (!crossOriginIsolated) return `1 for the pad, 1 for training, 1 for the benchmark: this page is not cross-origin isolated, so no shared memory (${cores})`;
  const used = trainingThreads ? `${trainingThreads.threads} for the last training run` : "up to 4 for training";
  return `1 for the pad; ${used}, Web Workers sharing one wasm memory; 1 for the benchmark (${cores})`;
}

function info(): void {
  const loading = "loading…";
  const model = recognizer
    ? [`${recognizer.metadata.preset ?? "unnamed"} preset`, recognizer.model.architecture.layers.map((l) => l.outputs).join("-"), accuracyNote(recognizer.metadata)].filter(Boolean).join(", ")
    : loading;
  const rows: [string, string][] = [
    ["WebAssembly SIMD", simdSupported() ? "available, used" : "not available: the plain-JavaScript engine runs instead"],
    ["engine", !engine ? loading : engine.kind === "wasm" ? "wasm SIMD (the same wasm-digits.wasm as the command line)" : "plain JavaScript"],
    ["module size", wasmBytes ? `${(wasmBytes / 1024).toFixed(1)} kB` : loading],
    ["threads", threadsLine()],
    ["model", model],
    ["stroke to answer", answerTimes()],
  ];
  const list = $("info");
  list.replaceChildren();
  for (const [term, value] of rows) {
    const dt = document.createElement("dt");
    dt.textContent = term;
    const dd = document.createElement("dd");
    dd.textContent = value;
    list.append(dt, dd);
  }
}

async function start(): Promise<void> {
  redraw();
  drawCurves();
  info();
  updateButtons();
  try {
    const response = await fetch(new URL("wasm-digits.wasm", location.href));
    if (!response.ok) throw new Error(`the engine wasm-digits.wasm could not be loaded (HTTP ${response.status})`);
    const wasm = new Uint8Array(await response.arrayBuffer());
    wasmBytes = wasm.length;
    engine = await createEngine("auto", () => wasm);
    const model = await fetch(new URL("models/pretrained.safetensors", location.href));
    if (!model.ok) throw new Error(`the pretrained model could not be loaded (HTTP ${model.status}); train one or use a model file`);
    pretrained = recognizer = Recognizer.fromBytes(engine, new Uint8Array(await model.arrayBuffer()));
    const note = accuracyNote(recognizer.metadata);
    say("pad-status", `ready: the pretrained model${note ? ` (${note})` : ""} is on the pad`);
  } catch (error) {
    say("pad-status", (error as Error).message, true);
  }
  info();
  document.body.dataset.ready = "true";
}

void start();
