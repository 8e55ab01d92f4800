/**
 * The certificate registry, `records/certifications.json`: every certification id ever
 * issued (RULES §5.4: `CONTEXT7-<year>-<NNNN>`, a sequence per year, never reused). The App
 * allocates an id by compare-and-swap on this one file, so two certify commands racing
 * each get their own number: the loser of the race re-reads and takes the next one.
 */
import { z } from "zod";
import { type Parsed, parseJson, problemsFromZod } from "./problems.js";

export const REGISTRY_PATH = "records/certifications.json";

const certificateSchema = z.strictObject({
  id: z.string().regex(/^CONTEXT7-\d{4}-\d{4,}$/, "must be CONTEXT7-<year>-<NNNN>"),
  login: z.string().min(1),
  issuedAt: z.iso.datetime({ offset: true, message: "must be an ISO-8601 timestamp" }),
  /** The evidence id of the command that issued it, so a redelivery finds its own id. */
  command: z.string().min(1),
});

const registrySchema = z.strictObject({
  version: z.literal(1),
  certificates: z.array(certificateSchema),
});

export type Certificate = z.infer<typeof certificateSchema>;
export type CertificateRegistry = z.infer<typeof registrySchema>;

export function emptyRegistry(): CertificateRegistry {
  return { version: 1, certificates: [] };
}

export function parseRegistry(text: string, file = REGISTRY_PATH): Parsed<CertificateRegistry> {
  const parsed = parseJson(
    text,
    file,
    "restore it from the repository's history; only the App writes it",
  );
  if (!parsed.ok) return parsed;
  const value = parsed.value;
  const result = registrySchema.safeParse(value);
  if (!result.success)
    return {
      ok: false,
      problems: problemsFromZod(result.error, registrySchema, { file, text, value }),
    };
  return { ok: true, value: result.data };
}

export function serializeRegistry(registry: CertificateRegistry): string {
  return `${JSON.stringify(registry, null, 2)}\n`;
}

interface Allocation {
  certificate: Certificate;
  /** False when the developer holds a certificate already: nothing new was allocated. */
  isNew: boolean;
  registry: CertificateRegistry;
}

/**
 * The developer's certificate: the one they hold already, or the next number of `year`.
 * Numbers are one more than the highest ever issued that year, so none is reused even if
 * an entry were removed by hand from the middle.
 */
export function allocateCertificate(
  registry: CertificateRegistry,
  request: { login: string; year: number; issuedAt: string; command: string },
): Allocation {
  const held = registry.certificates.find(
    (entry) => entry.login.toLowerCase() === request.login.toLowerCase(),
  );
  if (held !== undefined) return { certificate: held, isNew: false, registry };
  const prefix = `CONTEXT7-${request.year}-`;
  const highest = registry.certificates
    .filter((entry) => entry.id.startsWith(prefix))
    .reduce((max, entry) => Math.max(max, Number(entry.id.slice(prefix.length))), 0);
  const certificate: Certificate = {
    id: `${prefix}${String(highest + 1).padStart(4, "0")}`,
    login: request.login,
    issuedAt: request.issuedAt,
    command: request.command,
  };
  return {
    certificate,
    isNew: true,
    registry: { ...registry, certificates: [...registry.certificates, certificate] },
  };
}
