// Checks the training form's numbers the way the command line checks its options: a whole number within
// a range, or a sentence saying what is wrong and what is allowed. Pure, so tests run it in Node.

export type Checked = { value: number; error?: undefined } | { value?: undefined; error: string };

/** `text` as typed (an input's value); `what` names the field in the message. */
export function wholeNumber(text: string, what: string, min: number, max: number): Checked {
  const range = `a whole number from ${min} to ${max}`;
  const t = text.trim();
  if (t === "") return { error: `${what}: enter ${range}` };
  const n = Number(t);
  if (!Number.isFinite(n)) return { error: `${what} must be ${range}, not ${t}` };
  if (!Number.isInteger(n)) return { error: `${what} must be ${range}; ${t} is not whole` };
  if (n < min || n > max) return { error: `${what} must be ${range}; ${t} is too ${n < min ? "small" : "large"}` };
  return { value: n };
}
