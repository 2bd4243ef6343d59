// TEMPORARY (replaced by the package-data-backend work): keeps the build green meanwhile.
/** Print the backend report. */
export async function doctorMain(_args: string[]): Promise<number> {
  throw new Error("dlab doctor is not written yet");
}
