// Classification metrics from a confusion matrix: confusion[actual][predicted] counts.

export interface ClassReport {
  digit: number;
  precision: number;
  recall: number;
  support: number;
}

export function emptyConfusion(classes: number): number[][] {
  return Array.from({ length: classes }, () => new Array(classes).fill(0));
}

export function accuracyOf(confusion: number[][]): number {
  let right = 0, all = 0;
  confusion.forEach((row, i) => row.forEach((n, j) => { all += n; if (i === j) right += n; }));
  return all === 0 ? 0 : right / all;
}

export function perClass(confusion: number[][]): ClassReport[] {
  return confusion.map((row, i) => {
    const support = row.reduce((a, b) => a + b, 0);
    const predicted = confusion.reduce((a, r) => a + r[i], 0);
    return { digit: i, precision: predicted === 0 ? 0 : row[i] / predicted, recall: support === 0 ? 0 : row[i] / support, support };
  });
}

/** Index of the largest value in row r of a [rows, C] array (first on ties). */
export function argmaxRow(values: ArrayLike<number>, r: number, C: number): number {
  let best = 0;
  for (let c = 1; c < C; c++) if (values[r * C + c] > values[r * C + best]) best = c;
  return best;
}
