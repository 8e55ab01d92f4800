/**
 * The return on the time saved: with `hourlyCost` and `programmeHours`, return = hours saved
 * × cost − programme hours × cost, and ROI = return ÷ (programme hours × cost).
 */
import type { Config } from "../config.js";
import { round } from "./numbers.js";

export interface ReturnFigures {
  currency: string;
  hoursSaved: number;
  value: number;
  cost: number;
  net: number;
  roi: number;
}

/** Null unless `kpis.hourlyCost` and `kpis.programmeHours` are set. */
export function returnOn(config: Config, savedMinutes: number): ReturnFigures | null {
  const { hourlyCost, programmeHours, currency } = config.kpis;
  if (hourlyCost === undefined || programmeHours === undefined) return null;
  const hoursSaved = savedMinutes / 60;
  return {
    currency,
    hoursSaved: round(hoursSaved, 2),
    value: round(hoursSaved * hourlyCost, 2),
    cost: round(programmeHours * hourlyCost, 2),
    net: round((hoursSaved - programmeHours) * hourlyCost, 2),
    roi: round((hoursSaved - programmeHours) / programmeHours, 3),
  };
}
