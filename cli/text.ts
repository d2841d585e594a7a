// Text that came from outside (file names, paths, hosts) made safe to print on a terminal: control
// characters, line separators and bidirectional overrides are written as escapes, so a name cannot move
// the cursor, recolour the terminal, fake an extra line or reorder the text around it. Not for JSON output:
// JSON.stringify escapes what JSON needs, and scripts must get the exact name back.

const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
const NAMED: Record<string, string> = { "\n": "\\n", "\r": "\\r", "\t": "\\t", "\x1b": "\\e" };

/**
 * `text` with every unsafe character escaped: \n, \r, \t, \e, else \xHH (below U+0100) or \uHHHH. Plain
 * names come back unchanged; a backslash is left as it is (a name that already reads `\n` stays ambiguous,
 * but harmless).
 */
export function printable(text: string): string {
  return text.replace(UNSAFE, (c) => {
    const code = c.charCodeAt(0);
    return NAMED[c] ?? (code < 0x100 ? `\\x${code.toString(16).padStart(2, "0")}` : `\\u${code.toString(16).padStart(4, "0")}`);
  });
}

/** Paths listed one per line, indented, for "pictures written:" notes. */
export function pathList(paths: string[]): string {
  return paths.map((p) => `  ${printable(p)}`).join("\n");
}
