// Builds static/dist from our SCSS and GOV.UK Frontend, with no network access.
import { cpSync, mkdirSync, writeFileSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as sass from "sass";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const dist = join(root, "static", "dist");
const govuk = join(root, "node_modules", "govuk-frontend", "dist", "govuk");
mkdirSync(dist, { recursive: true });

const css = sass.compile(join(root, "static", "scss", "main.scss"), {
  style: "compressed",
  importers: [new sass.NodePackageImporter(root)],
  silenceDeprecations: ["import", "global-builtin"],
  quietDeps: true,
});
writeFileSync(join(dist, "main.css"), css.css);

cpSync(join(govuk, "govuk-frontend.min.js"), join(dist, "govuk-frontend.min.js"));
cpSync(join(root, "static", "js"), dist, { recursive: true });
// Only the assets our brand uses: images (no crown logotype is referenced), no GDS fonts.
cpSync(join(govuk, "assets", "images"), join(dist, "govuk", "assets", "images"), { recursive: true });
writeFileSync(join(dist, "app.js"), readFileSync(join(root, "static", "js", "app.mjs")));
console.log(`built ${join("static", "dist")}: main.css ${css.css.length} bytes`);
