// A grey image in the terminal: with colour, Unicode upper-half blocks carry two pixel rows per text row
// (foreground the top pixel, background the bottom one, in 24-bit grey); without colour, shade characters
// two columns wide per pixel. Either way a pixel comes out about square. Values 0..1, 1 = ink (white).

const SHADES = [" ", "░", "▒", "▓", "█"];

export interface BlockOptions {
  /** 24-bit colour escapes (a TTY that is not NO_COLOR); plain shade characters otherwise. */
  color?: boolean;
}

export function renderBlocks(gray: ArrayLike<number>, width: number, height: number, options: BlockOptions = {}): string {
  const at = (x: number, y: number) => (y < height ? Math.min(1, Math.max(0, gray[y * width + x])) : 0);
  const lines: string[] = [];
  if (options.color) {
    for (let y = 0; y < height; y += 2) {
      let line = "";
      for (let x = 0; x < width; x++) {
        const top = Math.round(at(x, y) * 255), bottom = Math.round(at(x, y + 1) * 255);
        line += `\x1b[38;2;${top};${top};${top}m\x1b[48;2;${bottom};${bottom};${bottom}m▀`;
      }
      lines.push(`${line}\x1b[0m`);
    }
  } else {
    const edge = "+" + "-".repeat(width * 2) + "+";
    lines.push(edge);
    for (let y = 0; y < height; y++) {
      let line = "|";
      for (let x = 0; x < width; x++) line += SHADES[Math.round(at(x, y) * (SHADES.length - 1))].repeat(2);
      lines.push(`${line}|`);
    }
    lines.push(edge);
  }
  return lines.join("\n");
}

/** Whether stdout takes colour escapes: a TTY, and NO_COLOR (https://no-color.org) unset. */
export function colorTerminal(stream: { isTTY?: boolean } = process.stdout): boolean {
  return Boolean(stream.isTTY) && !process.env.NO_COLOR;
}
