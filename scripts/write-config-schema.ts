/** Writes the config's JSON Schema: `npm run schema` after changing src/core/config.ts. */
import { writeFileSync } from "node:fs";
import { CONFIG_SCHEMA_FILE, configJsonSchema } from "../src/core/config-schema.js";

writeFileSync(CONFIG_SCHEMA_FILE, configJsonSchema());
console.log(`wrote ${CONFIG_SCHEMA_FILE}`);
