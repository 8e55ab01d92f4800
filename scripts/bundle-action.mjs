// `npm run bundle`: the Action's committed bundle, DIR/index.js (default action/dist), and
// DIR/licenses.txt, the licence of every package the bundle contains (from esbuild's
// metafile), so the bundle carries its dependencies' notices.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { build } from "esbuild";

const outDir = process.argv[2] ?? "action/dist";
mkdirSync(outDir, { recursive: true });
const { metafile } = await build({
  entryPoints: ["action/index.ts"],
  bundle: true,
  platform: "node",
  target: "node20",
  format: "esm",
  legalComments: "none",
  metafile: true,
  outfile: join(outDir, "index.js"),
  banner: {
    js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
  },
});

/** The package folder of a bundled input, e.g. node_modules/@octokit/core. */
function packageDir(input) {
  const match = /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(input);
  return match?.[1] ?? null;
}

const packages = new Map();
for (const input of Object.keys(metafile.inputs)) {
  const dir = packageDir(input);
  if (dir === null || packages.has(dir)) continue;
  const manifest = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
  const file = readdirSync(dir).find((name) => /^(licen[cs]e|copying)(\.|$)/i.test(name));
  const text = file === undefined ? null : readFileSync(join(dir, file), "utf8").trim();
  packages.set(dir, {
    name: manifest.name,
    version: manifest.version,
    license: manifest.license,
    text,
  });
}
const sections = [...packages.values()]
  .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
  .map(
    (p) =>
      `${p.name}@${p.version} (${p.license ?? "no licence field"})\n\n${p.text ?? `No licence file in the package; its package.json says: ${p.license ?? "nothing"}.`}`,
  );
const own = existsSync("LICENSE") ? readFileSync("LICENSE", "utf8").trim() : "";
writeFileSync(
  join(outDir, "licenses.txt"),
  `The Context7 training Action bundle (index.js) contains context7-training and these packages.\n\ncontext7-training\n\n${own}\n\n${sections.map((s) => `${"-".repeat(72)}\n${s}`).join("\n\n")}\n`,
);
