/**
 * The certificate the App replies with when a manager certifies a developer, modelled on
 * the plan's "Manager validation" block: the id, the dates, the gates and the scores.
 */
import { type DeveloperStatus, GATE_TITLES, GATES } from "../status.js";
import { escapeText, number, table } from "./markdown.js";

interface CertificateView {
  certificationId: string;
  certifiedOn: string;
  nextReviewDate: string;
  by: string;
  /** Where the machine-readable credential lives in the training repo. */
  credentialPath: string;
  signed: boolean;
}

export function renderCertificate(developer: DeveloperStatus, view: CertificateView): string {
  const name = escapeText(developer.name ?? developer.login);
  return [
    "## 🎓 Context7 Competency Certificate",
    "",
    `**Certification ID**: \`${view.certificationId}\`  `,
    `**Developer**: ${name} (@${developer.login})  `,
    `**Role**: ${developer.role}  `,
    `**Certified on**: ${view.certifiedOn}  `,
    `**Next review date**: ${view.nextReviewDate}  `,
    `**Training coordinator**: @${view.by}`,
    "",
    table(
      ["quality gate", "passed on"],
      GATES.map((gate, index) => [
        `Gate ${index + 1}: ${GATE_TITLES[gate]}`,
        gate === "certification" ? view.certifiedOn : (developer.gates[gate].passedOn ?? "—"),
      ]),
    ),
    "",
    `Knowledge check ${number(developer.knowledgeScore)}/100, final assessment ${number(developer.finalScore)}/100; all three commitments confirmed.`,
    "",
    `The credential is \`${view.credentialPath}\` (Open Badges 3.0, ${view.signed ? "signed" : "unsigned: no signing key is configured"}).`,
  ].join("\n");
}
