// The demo server alone in a process, for the HTTP fuzzer (tests/fuzz/http.ts): short timeouts so slow and
// silent clients are dropped within a second, the port on stdout, and any uncaught error ends the process
// (which the fuzzer reports as a crash). It never outlives the fuzzer.

import { createDemoServer } from "../../cli/server.js";
import { siteFiles } from "../../cli/demo.js";

const server = createDemoServer(siteFiles(), { timeouts: { headers: 500, request: 1000, keepAlive: 300, idle: 1500 } });
server.listen(0, "127.0.0.1", () => process.stdout.write(`${(server.address() as { port: number }).port}\n`));
process.on("SIGTERM", () => process.exit(0));
// Standard input is the fuzzer's pipe: when the fuzzer ends (or is killed by its time limit), so does this server.
process.stdin.on("end", () => process.exit(0));
process.stdin.resume();
