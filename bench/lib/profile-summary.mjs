// node bench/lib/profile-summary.mjs <file.cpuprofile> [top]: where a server's CPU time went —
// self time by function and by file, and inclusive time of the runtime's own functions.
import { readFileSync } from "node:fs";

const [file, topArg = "30"] = process.argv.slice(2);
const top = Number(topArg);
const profile = JSON.parse(readFileSync(file, "utf8"));
const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

// Self time per node from the samples and their time deltas.
const self = new Map();
let total = 0;
profile.samples.forEach((id, i) => {
  const dt = profile.timeDeltas[i] ?? 0;
  self.set(id, (self.get(id) ?? 0) + dt);
  total += dt;
});

const short = (url) => url.replace(/^file:\/\/\/work\/main\//, "").replace(/^.*node_modules\//, "~");
const label = (n) => {
  const { functionName, url, lineNumber } = n.callFrame;
  return `${functionName || "(anonymous)"} ${url ? `${short(url)}:${lineNumber + 1}` : ""}`.trim();
};

const byFunction = new Map();
const byFile = new Map();
const inclusive = new Map();
for (const [id, time] of self) {
  const n = nodes.get(id);
  byFunction.set(label(n), (byFunction.get(label(n)) ?? 0) + time);
  const fileKey = n.callFrame.url ? short(n.callFrame.url) : n.callFrame.functionName;
  byFile.set(fileKey, (byFile.get(fileKey) ?? 0) + time);
  // Inclusive: each distinct function on the stack once.
  const seen = new Set();
  for (let at = id; at !== undefined; at = parent.get(at)) {
    const key = label(nodes.get(at));
    if (seen.has(key)) continue;
    seen.add(key);
    inclusive.set(key, (inclusive.get(key) ?? 0) + time);
  }
}

const pct = (t) => `${((100 * t) / total).toFixed(1).padStart(5)} %`;
const print = (title, map, filter = () => true) => {
  console.log(`\n## ${title}`);
  [...map]
    .filter(([k]) => filter(k))
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .forEach(([k, t]) => console.log(`${pct(t)}  ${k}`));
};
console.log(`total ${(total / 1000).toFixed(0)} ms sampled`);
print("self time by file", byFile);
print("self time by function", byFunction);
print("inclusive time, gidl runtime", inclusive, (k) => /dist\/runtime|out\/gen/.test(k));
