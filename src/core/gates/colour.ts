/**
 * A started developer's colour and the reasons for it: failed gates, a used-up retest, idle
 * workdays (RULES §6).
 */
import type { Config } from "../config.js";
import { type Colour, GATE_TITLES, GATES, type GateName, type GateStatus } from "../status.js";

export function colourOf(
  config: Config,
  gates: Record<GateName, GateStatus>,
  retestExhausted: string[],
  idleWorkdays: number,
): { status: Colour; reasons: string[] } {
  const idle = config.thresholds.idleWorkdays;
  const failed = GATES.filter((name) => gates[name].state === "failed");
  const reasons = failed.map(
    (name) =>
      `Gate ${GATES.indexOf(name) + 1} (${GATE_TITLES[name]}) failed: not passed by ${gates[name].deadline}`,
  );
  for (const exercise of retestExhausted) reasons.push(`retest used up for ${exercise}`);
  if (idleWorkdays >= idle.yellow) reasons.push(`${idleWorkdays} workdays without Context7 usage`);

  let status: Colour = "green";
  if (failed.length >= 2 || retestExhausted.length > 0 || idleWorkdays >= idle.critical)
    status = "critical";
  else if (failed.length >= 1 || idleWorkdays >= idle.red) status = "red";
  else if (idleWorkdays >= idle.yellow) status = "yellow";
  return { status, reasons };
}
