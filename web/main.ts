// The demo page: a drawing pad with live prediction (the CLI's preprocessing, the CLI's .wasm), and the
// controls for training in a Web Worker (worker.ts). Drawing and layout only; the engine does the work.

import { createEngine, Recognizer, PRESETS, simdSupported, type Prediction } from "../bindings/api.js";
import type { Backend } from "../bindings/engine/abi.js";
import type { FromWorker, ToWorker } from "./messages.js";

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const pad = $<HTMLCanvasElement>("pad"), seen = $<HTMLCanvasElement>("seen"), curves = $<HTMLCanvasElement>("curves");
const status = $<HTMLDivElement>("status"), progress = $<HTMLProgressElement>("progress");
const padContext = pad.getContext("2d", { willReadFrequently: true })!;

let engine: Backend;
let recognizer: Recognizer | undefined;
let pretrained: Recognizer | undefined;
let wasmBytes = 0;

function say(text: string, error = false): void {
  status.textContent = text;
  status.classList.toggle("error", error);
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
    for (const [x, y] of s.length > 1 ? s.slice(1) : [[s[0][0] + 0.1, s[0][1]] as Point]) padContext.lineTo(x, y);
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
const end = () => { drawing = null; schedule(); };
pad.addEventListener("pointerup", end);
pad.addEventListener("pointercancel", end);
$("clear").addEventListener("click", () => { strokes.length = 0; schedule(); });
$("undo").addEventListener("click", () => { strokes.pop(); schedule(); });

// ---- live prediction, at most once per frame ----
let pending = false;
function schedule(): void {
  if (pending) return;
  pending = true;
  requestAnimationFrame(() => { pending = false; redraw(); predictPad(); });
}

const bars = $<HTMLOListElement>("bars");
for (let d = 0; d < 10; d++) bars.insertAdjacentHTML("beforeend", `<li><div class="bar"></div>${d}</li>`);

function show(p: Prediction | null): void {
  const items = bars.querySelectorAll("li");
  const seenContext = seen.getContext("2d")!;
  const image = seenContext.createImageData(28, 28);
  if (p) for (let i = 0; i < 784; i++) { const v = Math.round(p.pixels[i] * 255); image.data.set([v, v, v, 255], i * 4); }
  else for (let i = 0; i < 784; i++) image.data[i * 4 + 3] = 255;
  seenContext.putImageData(image, 0, 0);
  const empty = !p || p.blank;
  $("prediction").textContent = empty ? "?" : String(p!.digit);
  $("confidence").textContent = empty ? "draw a digit in the box" : `${(p!.confidence * 100).toFixed(1)}% sure`;
  items.forEach((li, d) => {
    const value = empty ? 0 : p!.probabilities[d];
    (li.firstElementChild as HTMLElement).style.height = `${Math.max(2, value * 100)}%`;
    li.classList.toggle("top", !empty && d === p!.digit);
  });
}

function predictPad(): void {
  if (!recognizer) return;
  if (strokes.length === 0) { show(null); return; }
  const t0 = performance.now();
  const p = recognizer.predictImage(padContext.getImageData(0, 0, pad.width, pad.height));
  lastPredictMs = performance.now() - t0;
  show(p);
  info();
}
let lastPredictMs = 0;

// ---- training in a worker ----
const presetSelect = $<HTMLSelectElement>("preset");
for (const p of Object.values(PRESETS)) presetSelect.insertAdjacentHTML("beforeend", `<option value="${p.name}" title="${p.description}">${p.name}</option>`);
presetSelect.addEventListener("change", () => { $<HTMLInputElement>("epochs").value = presetSelect.value === "seed" ? "1" : String(PRESETS[presetSelect.value].epochs); });

let worker: Worker | undefined;
let paused = false;
const history: { at: number; loss: number; accuracy: number }[] = [];
const send = (m: ToWorker) => worker?.postMessage(m);

function setTraining(on: boolean): void {
  $<HTMLButtonElement>("train").disabled = on;
  $<HTMLButtonElement>("pause").disabled = !on;
  $<HTMLButtonElement>("cancel").disabled = !on;
  presetSelect.disabled = on;
  if (!on) { paused = false; $("pause").textContent = "Pause"; }
}

$("train").addEventListener("click", () => {
  const epochs = Math.max(1, Math.min(50, Math.floor(Number($<HTMLInputElement>("epochs").value) || 1)));
  const seed = Math.max(0, Math.floor(Number($<HTMLInputElement>("seed").value) || 0));
  history.length = 0;
  drawCurves();
  progress.value = 0;
  worker?.terminate();
  worker = new Worker(new URL("worker.js", location.href), { type: "module" });
  worker.onmessage = (e: MessageEvent<FromWorker>) => onWorker(e.data);
  worker.onerror = (e) => { say(`training failed: ${e.message}`, true); setTraining(false); };
  setTraining(true);
  send({ type: "train", preset: presetSelect.value, epochs, seed });
});
$("pause").addEventListener("click", () => {
  paused = !paused;
  send({ type: paused ? "pause" : "resume" });
  $("pause").textContent = paused ? "Resume" : "Pause";
  if (paused) say(`paused: ${status.textContent}`);
});
$("cancel").addEventListener("click", () => send({ type: "cancel" }));

function onWorker(m: FromWorker): void {
  if (m.type === "status") say(m.text);
  else if (m.type === "progress") {
    progress.value = m.fraction;
    history.push({ at: m.fraction, loss: m.loss, accuracy: m.accuracy });
    drawCurves();
    if (!paused) say(`epoch ${m.epoch}/${m.epochs}, batch ${m.batch}/${m.batches}: loss ${m.loss.toFixed(4)}, accuracy ${(m.accuracy * 100).toFixed(2)}%, ${Math.round(m.samplesPerSecond).toLocaleString("en")} samples/s, ${Math.ceil(m.eta)} s left`);
  } else if (m.type === "done") {
    progress.value = 1;
    setTraining(false);
    recognizer = Recognizer.fromBytes(engine, m.bytes);
    const link = $<HTMLAnchorElement>("download");
    if (link.href.startsWith("blob:")) URL.revokeObjectURL(link.href);
    link.href = URL.createObjectURL(new Blob([m.bytes as Uint8Array<ArrayBuffer>], { type: "application/octet-stream" }));
    link.download = `${m.preset}-seed${m.seed}.safetensors`;
    link.hidden = false;
    $("pretrained").hidden = false;
    say(`done: test accuracy ${(m.testAccuracy * 100).toFixed(2)}% after ${m.seconds.toFixed(1)} s of training (${Math.round(m.samplesPerSecond).toLocaleString("en")} samples/s); the pad now uses this model`);
    (window as unknown as { trainedModel?: Uint8Array }).trainedModel = m.bytes; // for automated tests
    info();
    schedule();
  } else if (m.type === "cancelled") {
    setTraining(false);
    say("training cancelled; the pad keeps its model");
  } else if (m.type === "error") {
    setTraining(false);
    say(m.message, true);
  }
}

function drawCurves(): void {
  const c = curves.getContext("2d")!;
  const { width: w, height: h } = curves;
  c.clearRect(0, 0, w, h);
  c.font = "12px system-ui, sans-serif";
  c.fillStyle = "#6b7280";
  if (history.length === 0) { c.fillText("loss and accuracy appear here while training", 12, h / 2); return; }
  const maxLoss = Math.max(...history.map((p) => p.loss), 0.01);
  const line = (values: number[], top: number, color: string) => {
    c.strokeStyle = color;
    c.lineWidth = 2;
    c.beginPath();
    history.forEach((p, i) => { const x = 30 + p.at * (w - 40), y = 10 + (1 - values[i] / top) * (h - 30); if (i) c.lineTo(x, y); else c.moveTo(x, y); });
    c.stroke();
  };
  c.strokeStyle = "#e3e6ec";
  c.beginPath(); c.moveTo(30, h - 20); c.lineTo(w - 10, h - 20); c.stroke();
  line(history.map((p) => p.loss), maxLoss, "#e0752d");
  line(history.map((p) => p.accuracy), 1, "#2f6fed");
  const last = history[history.length - 1];
  c.fillStyle = "#e0752d"; c.fillText(`loss ${last.loss.toFixed(3)}`, 34, h - 4);
  c.fillStyle = "#2f6fed"; c.fillText(`accuracy ${(last.accuracy * 100).toFixed(1)}%`, 130, h - 4);
}

// ---- model files ----
$<HTMLInputElement>("upload").addEventListener("change", async (e) => {
  const file = (e.target as HTMLInputElement).files?.[0];
  if (!file) return;
  try {
    recognizer = Recognizer.fromBytes(engine, new Uint8Array(await file.arrayBuffer()));
    $("pretrained").hidden = false;
    say(`using ${file.name}${recognizer.metadata.test_accuracy ? ` (test accuracy ${(Number(recognizer.metadata.test_accuracy) * 100).toFixed(2)}%)` : ""}`);
    schedule();
  } catch (error) {
    say(`${file.name}: ${(error as Error).message}`, true);
  }
});
$("pretrained").addEventListener("click", () => {
  if (!pretrained) return;
  recognizer = pretrained;
  $("pretrained").hidden = true;
  say("using the pretrained model");
  schedule();
});

function info(): void {
  const rows: [string, string][] = [
    ["WebAssembly SIMD", simdSupported() ? "available, used" : "not available: the plain-JavaScript engine runs instead"],
    ["engine", engine?.name === "wasm" ? "wasm SIMD (the same wasm-digits.wasm as the command line)" : "plain JavaScript"],
    ["module size", wasmBytes ? `${(wasmBytes / 1024).toFixed(1)} kB` : "…"],
    ["threads", `1 for the pad, 1 Web Worker for training (this device has ${navigator.hardwareConcurrency || "?"} cores)`],
    ["model", recognizer ? `${recognizer.metadata.preset ?? "?"} preset, ${recognizer.model.layers.map((l) => l.outputs).join("-")}${recognizer.metadata.test_accuracy ? `, test accuracy ${(Number(recognizer.metadata.test_accuracy) * 100).toFixed(2)}%` : ""}` : "…"],
    ["last prediction", lastPredictMs ? `${lastPredictMs.toFixed(1)} ms (preprocessing and the forward pass)` : "…"],
  ];
  $("info").innerHTML = rows.map(([k, v]) => `<dt>${k}</dt><dd>${v}</dd>`).join("");
}

async function start(): Promise<void> {
  redraw();
  drawCurves();
  info();
  try {
    const wasm = new Uint8Array(await (await fetch(new URL("wasm-digits.wasm", location.href))).arrayBuffer());
    wasmBytes = wasm.length;
    engine = await createEngine(simdSupported() ? wasm : "js");
    const response = await fetch(new URL("models/pretrained.safetensors", location.href));
    if (!response.ok) throw new Error(`the pretrained model could not be loaded (HTTP ${response.status}); train one below`);
    pretrained = recognizer = Recognizer.fromBytes(engine, new Uint8Array(await response.arrayBuffer()));
    say(`ready: the pretrained model (test accuracy ${(Number(recognizer.metadata.test_accuracy) * 100).toFixed(2)}%) is on the pad`);
  } catch (error) {
    say((error as Error).message, true);
  }
  info();
  document.body.dataset.ready = "true";
}

void start();
