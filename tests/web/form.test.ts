// web/form.ts: the training form's numbers, refused with a sentence that names the field, says what is
// wrong and gives the allowed range.

import { test } from "uvu";
import * as assert from "uvu/assert";
import { wholeNumber } from "../../web/form.js";

test("whole numbers inside the range pass", () => {
  assert.equal(wholeNumber("1", "epochs", 1, 50), { value: 1 });
  assert.equal(wholeNumber(" 50 ", "epochs", 1, 50), { value: 50 });
  assert.equal(wholeNumber("0", "seed", 0, 2 ** 32 - 1), { value: 0 });
});

test("empty, zero, too large, fractional and negative are refused with the reason and the range", () => {
  const cases: [string, string][] = [
    ["", "epochs: enter a whole number from 1 to 50"],
    ["0", "epochs must be a whole number from 1 to 50; 0 is too small"],
    ["999", "epochs must be a whole number from 1 to 50; 999 is too large"],
    ["2.5", "epochs must be a whole number from 1 to 50; 2.5 is not whole"],
    ["-1", "epochs must be a whole number from 1 to 50; -1 is too small"],
    ["abc", "epochs must be a whole number from 1 to 50, not abc"],
  ];
  for (const [text, message] of cases) assert.equal(wholeNumber(text, "epochs", 1, 50), { error: message }, text);
});

test.run();
