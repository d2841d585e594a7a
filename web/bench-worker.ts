// The page's benchmark, in a Web Worker so the page stays responsive: the same measuring code as
// `npm run bench` (bench/report.ts), given this page's .wasm, MNIST from the cache (web/mnist.ts) and what
// the browser says about the machine. Posts progress, then the report and the table `npm run bench` prints.

import { formatReport, measure, type Machine } from "../bench/report.js";
import { simdSupported } from "../bindings/engine/wasm.js";
import { loadSplit } from "./mnist.js";
import type { FromBench, ToBench } from "./messages.js";

const post = (m: FromBench) => (self as unknown as Worker).postMessage(m);

interface UaData { brands?: { brand: string; version: string }[]; platform?: string }

/** "Chromium 130", "Firefox 128", ...: the browser's own name for itself, as far as it says. */
function browserName(): string {
  const data = (navigator as Navigator & { userAgentData?: UaData }).userAgentData;
  const brand = data?.brands?.find((b) => !/not.?a.?brand/i.test(b.brand) && b.brand !== "Chromium") ?? data?.brands?.find((b) => b.brand === "Chromium");
  if (brand) return `${brand.brand} ${brand.version}`;
  const ua = /(Firefox|Edg|Chrome|Version)\/(\d+)/.exec(navigator.userAgent);
  return ua ? `${ua[1] === "Version" ? "Safari" : ua[1] === "Edg" ? "Edge" : ua[1]} ${ua[2]}` : "this browser";
}

function machine(): Machine {
  const data = (navigator as Navigator & { userAgentData?: UaData }).userAgentData;
  // Browsers do not name the CPU; the core count is what they report, which may be rounded for privacy.
  return { cpu: "", cores: navigator.hardwareConcurrency || 1, platform: data?.platform || navigator.platform || "unknown platform", browser: browserName(), simd: simdSupported() };
}

async function run(m: ToBench): Promise<void> {
  if (!simdSupported()) throw new Error("this browser has no WebAssembly SIMD, so there is no wasm engine to compare with plain JavaScript");
  post({ type: "progress", what: "loading the engine and MNIST", fraction: 0 });
  const base = new URL(self.location.href);
  const [wasm, train, test] = await Promise.all([
    fetch(new URL("wasm-digits.wasm", base)).then(async (r) => {
      if (!r.ok) throw new Error(`the engine wasm-digits.wasm could not be loaded (HTTP ${r.status})`);
      return new Uint8Array(await r.arrayBuffer());
    }),
    loadSplit(base, "train"),
    loadSplit(base, "t10k"),
  ]);
  const report = await measure({
    machine: machine(), wasm, train, test, kernelTimeMs: m.kernelTimeMs, epochImages: m.epochImages,
    onStep: (what, fraction) => post({ type: "progress", what, fraction }),
    notMeasured: [{ backend: "threads", why: "the benchmark does not time training on several threads yet" }],
  });
  post({ type: "done", report, table: formatReport(report) });
}

self.onmessage = (event: MessageEvent<ToBench>) => {
  run(event.data).catch((error: unknown) => post({ type: "error", message: `the benchmark failed: ${error instanceof Error ? error.message : String(error)}` }));
};
