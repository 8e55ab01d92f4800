// `npm run bundle`: the committed bundles, each with licenses.txt (the licence of every
// package it contains, from esbuild's metafile): the Action's (action/dist/index.js), and
// the App server's and the CLI's (release/server.js, release/cli.js), which is what
// `npm start` and the `context7-training` bin run, so neither needs a dev dependency.
// `node scripts/bundle.mjs DIR` writes them under DIR instead (the freshness test).
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { build } from "esbuild";

/** Where each bundle goes: the Action's, and the App server's and CLI's (release/). */
const BUNDLES = [
  {
    dir: "action/dist",
    entries: { index: "action/index.ts" },
    what: "The Context7 training Action bundle (index.js)",
  },
  {
    dir: "release",
    entries: { server: "src/app/server.ts", cli: "src/cli/main.ts" },
    what: "The context7-training App server (server.js) and CLI (cli.js) bundles",
  },
];

const root = process.argv[2];

for (const bundle of BUNDLES) {
  const outDir = root === undefined ? bundle.dir : join(root, bundle.dir);
  mkdirSync(outDir, { recursive: true });
  const { metafile } = await build({
    entryPoints: bundle.entries,
    bundle: true,
    platform: "node",
    target: "node20",
    format: "esm",
    legalComments: "none",
    metafile: true,
    outdir: outDir,
    banner: {
      js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
    },
  });
  writeFileSync(join(outDir, "licenses.txt"), licenses(metafile, bundle.what));
}

/** The package folder of a bundled input, e.g. node_modules/@octokit/core. */
function packageDir(input) {
  const match = /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(input);
  return match?.[1] ?? null;
}

function licenses(metafile, what) {
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
  return `${what} contains context7-training and these packages.\n\ncontext7-training\n\n${own}\n\n${sections.map((s) => `${"-".repeat(72)}\n${s}`).join("\n\n")}\n`;
}
