// Runs in a child process started by webgpu.ts: asks Dawn (the `webgpu` package) for each kind of
// adapter and prints one JSON line prefixed with "@@" (or "@@ERR<message>"). A child, because Dawn
// keeps the process alive and a driver crash must not take the kernel with it.
// argv: [entry URL of the webgpu package, JSON list of attempts {via, flags, featureLevel?}]
"use strict";

async function main() {
  const w = await import(process.argv[2]);
  const attempts = JSON.parse(process.argv[3]);
  const out = [];
  for (const a of attempts) {
    const ad = await w.create(a.flags).requestAdapter(a.featureLevel ? { featureLevel: a.featureLevel } : {});
    if (!ad) continue;
    const i = ad.info || {};
    out.push({
      via: a.via,
      vendor: i.vendor || "",
      architecture: i.architecture || "",
      device: i.device || "",
      description: i.description || "",
      fallback: !!(ad.isFallbackAdapter || i.isFallbackAdapter),
      maxBufferSize: ad.limits.maxBufferSize,
    });
  }
  process.stdout.write("\n@@" + JSON.stringify(out) + "\n");
  process.exit(0);
}

main().catch((e) => {
  process.stdout.write("\n@@ERR" + e.message + "\n");
  process.exit(0);
});
