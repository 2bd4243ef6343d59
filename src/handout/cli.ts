// TEMPORARY (replaced by the handout work): keeps the build green meanwhile.
/** Run `dlab handout` / `dlab student`. */
export async function handoutMain(_command: string, _args: string[]): Promise<number> {
  throw new Error("dlab handout is not written yet");
}
