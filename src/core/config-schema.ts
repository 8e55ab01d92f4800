/** The JSON Schema of the config, generated from the zod schema so editors validate the YAML. */
import { z } from "zod";
import { configSchema } from "./config.js";

export const CONFIG_SCHEMA_FILE = "schema/context7-training.schema.json";

export function configJsonSchema(): string {
  const schema = z.toJSONSchema(configSchema, {
    io: "input",
    target: "draft-2020-12",
    unrepresentable: "any",
  });
  const document = {
    ...schema,
    title: "context7-training config (.github/context7-training.yml)",
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}
