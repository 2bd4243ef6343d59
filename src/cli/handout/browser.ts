/**
 * One headless system Chromium for an export run, opened on first use and always closed.
 *
 * @example
 * import { withBrowser } from "./browser";
 * await withBrowser(async (b) => (await b.get()).version());
 */
import type { Browser } from "playwright-core";
import { CHROMIUM, CHROMIUM_ARGS } from "./tools";

/** A lazily launched browser: a run with nothing to draw or print never starts Chromium. */
export interface LazyBrowser {
  get(): Promise<Browser>;
}

/** Run `fn` with a lazily launched Chromium; the browser is closed afterwards, also on error. */
export async function withBrowser<T>(fn: (browser: LazyBrowser) => Promise<T>): Promise<T> {
  let launched: Promise<Browser> | undefined;
  const lazy: LazyBrowser = {
    get: () => {
      launched ??= import("playwright-core").then(({ chromium }) =>
        chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS }),
      );
      return launched;
    },
  };
  try {
    return await fn(lazy);
  } finally {
    if (launched) await (await launched.catch(() => undefined))?.close();
  }
}
