/**
 * Issuing a certification (RULES §5.4) once a manager's `/context7 certify` was decided:
 * allocate the id in the registry (compare-and-swap, so racing commands get distinct
 * numbers), record it, write the Open Badges credential, and close the developer's
 * confirmation issue. Each step is idempotent, so a redelivery finishes what a failed
 * delivery started and duplicates nothing.
 */
import type { Context } from "probot";
import { addMonths, dateOf, LocalClock } from "../core/calendar.js";
import {
  allocateCertificate,
  type Certificate,
  emptyRegistry,
  parseRegistry,
  REGISTRY_PATH,
  serializeRegistry,
} from "../core/certificates.js";
import type { CertifyRequest } from "../core/commands.js";
import type { Config } from "../core/config.js";
import {
  buildCredential,
  credentialSigningFromEnv,
  serializeCredential,
  signCredential,
} from "../core/credential.js";
import type { DeveloperRecord, EvidenceOf } from "../core/evidence.js";
import { evaluate } from "../core/gates.js";
import { formatProblem } from "../core/problems.js";
import { renderCertificate } from "../core/render/certificate.js";
import type { DeveloperStatus } from "../core/status.js";
import { closeIssueOnce, replyOnce } from "../github/follow-ups.js";
import { BrokenRecordError } from "../github/record-store.js";
import type { Runtime } from "./runtime.js";

export function credentialPath(login: string): string {
  return `records/${login.toLowerCase()}.credential.json`;
}

/** The status of one developer from their record alone, as of `at`. */
export function developerStatus(
  config: Config,
  record: DeveloperRecord,
  login: string,
  at: string,
): DeveloperStatus {
  const roster = config.roster.filter((entry) => entry.login.toLowerCase() === login.toLowerCase());
  const status = evaluate({ ...config, roster }, [record], at).developers[0];
  if (status === undefined) throw new Error(`${login} is not on the roster`);
  return status;
}

/** Takes (or finds again, on a redelivery) the certificate number for one request. */
export async function allocate(
  context: Context,
  runtime: Runtime,
  config: Config,
  request: CertifyRequest,
): Promise<Certificate> {
  const year = Number(dateOf(new LocalClock(config.timezone).day(request.at)).slice(0, 4));
  const { result } = await runtime.updateTrainingFile(context, REGISTRY_PATH, (current) => {
    let registry = emptyRegistry();
    if (current !== null) {
      const parsed = parseRegistry(current.text);
      if (!parsed.ok) {
        throw new BrokenRecordError(
          `${parsed.problems.map(formatProblem).join("; ")}. No certificate was issued`,
        );
      }
      registry = parsed.value;
    }
    const allocation = allocateCertificate(registry, {
      login: request.login,
      year,
      issuedAt: request.at,
      command: request.id,
    });
    return {
      content: allocation.isNew ? serializeRegistry(allocation.registry) : null,
      message: `Issue certificate ${allocation.certificate.id} to ${request.login}`,
      result: allocation.certificate,
    };
  });
  return result;
}

export function certificationEvidence(
  request: CertifyRequest,
  certificate: Certificate,
): EvidenceOf<"certification"> {
  return {
    id: request.id,
    kind: "certification",
    at: request.at,
    by: request.by,
    certificationId: certificate.id,
    ...(request.url === undefined ? {} : { url: request.url }),
  };
}

/**
 * After the certification is recorded: the credential file, then the confirmation issue
 * closed. Returns the certificate's Markdown for the reply.
 */
export async function completeCertification(
  context: Context,
  runtime: Runtime,
  config: Config,
  record: DeveloperRecord,
  request: CertifyRequest,
): Promise<string> {
  const developer = developerStatus(config, record, request.login, request.at);
  const certificationId = developer.certificationId as string;
  const certifiedOn = developer.certifiedOn as string;
  const nextReviewDate = addMonths(certifiedOn, config.thresholds.reviewIntervalMonths);
  const signing = credentialSigningFromEnv(runtime.env);
  if (signing.problem !== null) {
    context.log.warn(`context7-training: the credential is written unsigned: ${signing.problem}`);
  }
  let credential = buildCredential({
    certificationId,
    login: developer.login,
    name: developer.name,
    trainingRepo: config.trainingRepo,
    issuedAt: request.at,
    nextReviewDate,
    thresholds: config.thresholds,
    evidence: {
      knowledgeScore: developer.knowledgeScore,
      finalScore: developer.finalScore,
      gatesPassedOn: {
        knowledge: developer.gates.knowledge.passedOn,
        practical: developer.gates.practical.passedOn,
        integration: developer.gates.integration.passedOn,
      },
    },
  });
  if (signing.key !== null) {
    credential = signCredential(credential, { ...signing.key, created: request.at });
  }
  const path = credentialPath(developer.login);
  const content = serializeCredential(credential);
  await runtime.updateTrainingFile(context, path, (current) => ({
    // A credential already written for this certificate (by an earlier delivery) is kept.
    content: current?.text.includes(`"${certificationId}"`) ? null : content,
    message: `Write the credential of ${certificationId} for ${developer.login}`,
    result: null,
  }));
  if (developer.confirmationIssue !== null) {
    const issue = { ...runtime.trainingRepo(context), issue_number: developer.confirmationIssue };
    await replyOnce(
      context.octokit,
      await runtime.ownLogins(),
      issue,
      `certified-${certificationId}`,
      `@${developer.login} is certified: \`${certificationId}\`, next review on ${nextReviewDate}. Closing this confirmation.`,
    );
    await closeIssueOnce(context.octokit, issue);
  }
  return renderCertificate(developer, {
    certificationId,
    certifiedOn,
    nextReviewDate,
    by: request.by,
    credentialPath: path,
    signed: signing.key !== null,
  });
}
