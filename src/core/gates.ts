/**
 * The gate engine: `evaluate(config, records, now)` computes every developer's four gates
 * and status, and the team metrics (RULES §3, §5, §6, §7). Pure: time enters as `now`.
 *
 * This is the entry that composes the parts in gates/: the facts collected from each
 * developer's evidence (facts.ts), one file per gate (knowledge, practical, integration,
 * certification), the colour (colour.ts), one developer's status (developer.ts) and the
 * team metrics (team.ts). The programme calendar is in program-calendar.ts.
 */
import { dateOf } from "./calendar.js";
import type { Config } from "./config.js";
import type { DeveloperRecord } from "./evidence.js";
import { evaluateDeveloper } from "./gates/developer.js";
import { collectFacts } from "./gates/facts.js";
import { teamMetrics } from "./gates/team.js";
import { ProgramCalendar } from "./program-calendar.js";
import type { ProgramStatus } from "./status.js";

export function evaluate(
  config: Config,
  records: readonly DeveloperRecord[],
  now: Date | string | number,
): ProgramStatus {
  const nowMs =
    now instanceof Date ? now.getTime() : typeof now === "number" ? now : Date.parse(now);
  if (Number.isNaN(nowMs)) throw new RangeError(`"${String(now)}" is not a valid time`);
  const calendar = new ProgramCalendar(config);
  const today = calendar.clock.day(nowMs);
  const recordByLogin = new Map(records.map((record) => [record.login.toLowerCase(), record]));

  const evaluations = config.roster.map((entry) => {
    const evidence = recordByLogin.get(entry.login.toLowerCase())?.evidence ?? [];
    const facts = collectFacts(
      config,
      evidence.filter((item) => Date.parse(item.at) <= nowMs),
      calendar,
      entry.login,
    );
    return evaluateDeveloper(config, calendar, entry, facts, today);
  });

  return {
    now: new Date(nowMs).toISOString(),
    today: dateOf(today),
    timezone: config.timezone,
    team: teamMetrics(config, calendar, evaluations, today),
    developers: evaluations.map((evaluation) => evaluation.status),
  };
}
