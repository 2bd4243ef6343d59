/**
 * `prompt()` in cells: asks the notebook user for a line, as `input()` does in Python (the
 * kernel sends `input_request` on stdin and waits for the reply). Declared for the type checker
 * in the runner's prelude.
 */

/** Asks for a line of text; null never comes from Jupyter (an empty answer is ""). */
export type PromptFn = (message?: string, defaultValue?: string) => string | null;

/**
 * Put `prompt` on `globalThis`, where cells find it.
 * @example installPrompt((m) => kernel.prompt(m));
 */
export function installPrompt(fn: PromptFn): void {
  Object.defineProperty(globalThis, "prompt", { value: fn, configurable: true, writable: true });
}
