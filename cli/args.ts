// Argument parsing for every command: node:util parseArgs in strict mode, plus number checks. Any misuse
// becomes a UsageError, which main.ts prints as one line and exits with status 2.

import { parseArgs, type ParseArgsConfig } from "node:util";

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

export type Options = NonNullable<ParseArgsConfig["options"]>;

export interface Parsed {
  values: Record<string, string | boolean | undefined>;
  positionals: string[];
}

export function parse(command: string, argv: string[], options: Options, allowPositionals = false): Parsed {
  // `--lr -1` reads naturally but parseArgs calls it ambiguous: join a negative number to its option so the
  // range check can answer with the real problem.
  const joined: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const name = argv[i].startsWith("--") ? argv[i].slice(2) : "";
    const next = argv[i + 1];
    if (options[name]?.type === "string" && /^-\d/.test(next ?? "")) joined.push(`${argv[i]}=${argv[++i]}`);
    // `--epochs --out f` or a trailing `--epochs`: parseArgs says "ambiguous" or "argument missing"; say what is wrong.
    else if (options[name]?.type === "string" && (next === undefined || /^-[^\d]/.test(next))) throw new UsageError(`${command}: --${name} needs a value`);
    else joined.push(argv[i]);
  }
  try {
    return parseArgs({ args: joined, options: { help: { type: "boolean", short: "h" }, ...options }, allowPositionals, strict: true }) as Parsed;
  } catch (e) {
    // parseArgs' messages are sentences with hints; keep the first line and name the command.
    const first = (e as Error).message.split("\n")[0].replace(/\. To specify a positional argument.*$/, "");
    throw new UsageError(`${command}: ${first}`);
  }
}

/** A whole number within [min, max], or the fallback when the flag is absent. */
export function intOption(command: string, flag: string, value: unknown, fallback: number, min: number, max: number): number {
  const n = wholeArg(command, flag, value);
  if (n === undefined) return fallback;
  if (n < min || n > max) throw new UsageError(`${command}: --${flag} must be between ${min} and ${max}, got ${n}`);
  return n;
}

export function oneOf<T extends string>(command: string, flag: string, value: unknown, allowed: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  if (!allowed.includes(value as T)) throw new UsageError(`${command}: --${flag} must be one of ${allowed.join(", ")}, got '${String(value)}'`);
  return value as T;
}

/** A whole number for a library option that checks its own range; undefined when the flag is absent. */
export function wholeArg(command: string, flag: string, value: unknown): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (typeof value !== "string" || value.trim() === "" || !Number.isInteger(n)) throw new UsageError(`${command}: --${flag} takes a whole number, got '${String(value)}'`);
  return n;
}

/** A finite number for a library option that checks its own range; undefined when the flag is absent. */
export function numberArg(command: string, flag: string, value: unknown): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (typeof value !== "string" || value.trim() === "" || !Number.isFinite(n)) throw new UsageError(`${command}: --${flag} takes a number, got '${String(value)}'`);
  return n;
}
