/**
 * Lines from a stream of text: the wire of the processes that talk in JSON lines (the grading
 * driver, kernel/compile-server.ts and the kernels using it).
 *
 * @example
 * onLines(child.stdout, (line) => handle(JSON.parse(line)));
 */

/**
 * Call `onLine` with each complete, non-blank line `stream` emits (without its newline); a last
 * part waits for its newline. Sets the stream's encoding to UTF-8, so a character split between
 * chunks arrives whole.
 */
export function onLines(stream: NodeJS.ReadableStream, onLine: (line: string) => void): void {
  let buffer = "";
  stream.setEncoding("utf8");
  stream.on("data", (chunk: string) => {
    buffer += chunk;
    let nl: number;
    while ((nl = buffer.indexOf("\n")) >= 0) {
      const line = buffer.slice(0, nl);
      buffer = buffer.slice(nl + 1);
      if (line.trim()) onLine(line);
    }
  });
}
