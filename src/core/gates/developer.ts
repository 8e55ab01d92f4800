/**
 * One developer's evaluation: their four gates from the facts, then the rules that cross
 * gates (a certified developer cannot fail, a used-up retest only while Gate 2 is open),
 * their colour and the status the dashboards and issues render.
 */
import { dateOf, dayNumber } from "../calendar.js";
import type { Config } from "../config.js";
import { SELF_REPORTED_ITEMS, type SelfReportedItem } from "../evidence.js";
import { round } from "../kpis/numbers.js";
import { DeveloperCalendar, type ProgramCalendar } from "../program-calendar.js";
import { type Colour, GATES, type GateName, type GateStatus } from "../status.js";
import { certificationMissing, isConfirmed, nextReview } from "./certification.js";
import { colourOf } from "./colour.js";
import type { Facts } from "./facts.js";
import { integrationGate } from "./integration.js";
import { knowledgeGate } from "./knowledge.js";
import { practicalGate } from "./practical.js";
import type { DeveloperEvaluation } from "./team.js";

/** A gate's status from the day it passed (or null) and its deadline (RULES §5). */
function gate(
  passDay: number | null,
  deadline: number,
  today: number,
  failedEarly: boolean,
  missing: string[],
): GateStatus {
  if (passDay !== null) {
    return {
      state: "passed",
      deadline: dateOf(deadline),
      passedOn: dateOf(passDay),
      late: passDay > deadline,
      missing: [],
    };
  }
  const state = failedEarly || today > deadline ? "failed" : "pending";
  return { state, deadline: dateOf(deadline), passedOn: null, late: false, missing };
}

export function evaluateDeveloper(
  config: Config,
  calendar: ProgramCalendar,
  entry: Config["roster"][number],
  facts: Facts,
  today: number,
): DeveloperEvaluation {
  const firstDay = dayNumber(entry.start);
  const developerCalendar = new DeveloperCalendar(calendar, firstDay, facts.leave);
  const { thresholds, deadlines } = config;

  const knowledge = knowledgeGate(facts, thresholds.knowledgeScore);
  const practical = practicalGate(config, calendar.clock, entry.role, facts);
  const integration = integrationGate(
    config,
    facts,
    developerCalendar,
    today,
    developerCalendar.deadline(deadlines.integration),
  );

  const gates: Record<GateName, GateStatus> = {
    knowledge: gate(
      knowledge.passDay,
      developerCalendar.deadline(deadlines.knowledge),
      today,
      false,
      knowledge.missing,
    ),
    practical: gate(
      practical.passDay,
      developerCalendar.deadline(deadlines.practical),
      today,
      practical.retestExhausted.length > 0,
      practical.missing,
    ),
    integration: gate(integration.passDay, integration.deadline, today, false, integration.missing),
    certification: gate(
      facts.certification?.day ?? null,
      developerCalendar.deadline(deadlines.certification),
      today,
      false,
      [],
    ),
  };
  const finalScore = facts.finalScores.length > 0 ? Math.max(...facts.finalScores) : null;
  const confirmed = isConfirmed(facts.latestConfirmation);
  gates.certification.missing =
    gates.certification.state === "passed"
      ? []
      : certificationMissing(gates, finalScore, confirmed, thresholds.finalScore);

  const certified = facts.certification !== null;
  if (certified) {
    // A certified developer's gates cannot fail (RULES §6).
    for (const name of GATES) if (gates[name].state === "failed") gates[name].state = "pending";
  }
  // A used-up retest matters only while Gate 2 still needs passing (a QA developer may pass
  // with other exercises instead).
  const retestExhausted =
    certified || gates.practical.state === "passed" ? [] : practical.retestExhausted;
  const started = today >= firstDay;
  const nextReviewDate = nextReview(facts, config.thresholds.reviewIntervalMonths);
  const reviewOverdue = nextReviewDate !== null && today > dayNumber(nextReviewDate);
  const { status, reasons } = started
    ? colourOf(config, gates, retestExhausted, integration.idleWorkdays)
    : { status: "green" as Colour, reasons: [] };
  if (reviewOverdue) {
    // An overdue certification review is a reason to check in, not more (RULES §5.4).
    reasons.push(`certification review overdue since ${nextReviewDate}`);
  }

  return {
    firstDay,
    leaveDays: developerCalendar.leaveDays,
    usageDays: facts.usageDays,
    status: {
      login: entry.login,
      name: entry.name ?? null,
      role: entry.role,
      start: entry.start,
      day: today - firstDay + 1,
      started,
      status: reviewOverdue && status === "green" ? "yellow" : status,
      reasons,
      gates,
      knowledgeScore: knowledge.best,
      finalScore,
      exercisesCompleted: practical.completed,
      exercisesRequired: practical.required,
      exercises: practical.exercises,
      retestExhausted,
      realWorldApplications: facts.realWorldDays.length,
      reviewsWithContext7: facts.reviewDays.length,
      discoveriesShared: facts.sharingDays.length,
      usageEvents: facts.usageEvents,
      usageWorkdays: integration.usageWorkdays,
      consistency: integration.consistency === null ? null : round(integration.consistency, 3),
      longestStreak: integration.longestStreak,
      idleWorkdays: integration.idleWorkdays,
      lastUsage: facts.usageDays.size > 0 ? dateOf(Math.max(...facts.usageDays)) : null,
      confirmed,
      certificationId: facts.certification?.id ?? null,
      certifiedOn: facts.certification === null ? null : dateOf(facts.certification.day),
      nextReviewDate,
      reviewOverdue,
      selfReported: Object.fromEntries(
        SELF_REPORTED_ITEMS.map((item) => [item, facts.selfReports.get(item)?.done ?? false]),
      ) as Record<SelfReportedItem, boolean>,
      confirmationIssue: facts.latestConfirmation?.issue ?? null,
      leaveDays: [...developerCalendar.leaveDays].sort((a, b) => a - b).map(dateOf),
    },
  };
}
