/** The program's status at a moment: what `evaluate` returns and `status --json` prints. */
import type { Role } from "./curriculum.js";
import type { SelfReportedItem } from "./evidence.js";

export const GATES = ["knowledge", "practical", "integration", "certification"] as const;
export type GateName = (typeof GATES)[number];

export const GATE_TITLES: Record<GateName, string> = {
  knowledge: "Knowledge Foundation",
  practical: "Practical Application",
  integration: "Integration Consistency",
  certification: "Certification Validation",
};

type GateState = "passed" | "pending" | "failed";

export interface GateStatus {
  state: GateState;
  /** The last local date of the gate, after leave shifts. */
  deadline: string;
  passedOn: string | null;
  late: boolean;
  /** What is still needed, in words; empty once passed. */
  missing: string[];
}

export const COLOURS = ["green", "yellow", "red", "critical"] as const;
export type Colour = (typeof COLOURS)[number];

export const COLOUR_LABELS: Record<Colour, string> = {
  green: "On Track",
  yellow: "At Risk",
  red: "Intervention Required",
  critical: "Critical",
};

export const COLOUR_ICONS: Record<Colour, string> = {
  green: "🟢",
  yellow: "🟡",
  red: "🔴",
  critical: "🚨",
};

export interface ExerciseProgress {
  exercise: string;
  passedOn: string | null;
  failedAttempts: number;
}

export interface DeveloperStatus {
  login: string;
  name: string | null;
  role: Role;
  start: string;
  /** Day N of the program today; 0 or less before Day 1. */
  day: number;
  started: boolean;
  status: Colour;
  /** Why the status is not green, in words. */
  reasons: string[];
  gates: Record<GateName, GateStatus>;
  knowledgeScore: number | null;
  finalScore: number | null;
  exercisesCompleted: number;
  exercisesRequired: number;
  exercises: ExerciseProgress[];
  /** Exercises whose retest is used up (failed twice, never passed). */
  retestExhausted: string[];
  realWorldApplications: number;
  reviewsWithContext7: number;
  discoveriesShared: number;
  usageEvents: number;
  /** Workdays with usage in the consistency window. */
  usageWorkdays: number;
  consistency: number | null;
  longestStreak: number;
  idleWorkdays: number;
  lastUsage: string | null;
  confirmed: boolean;
  certificationId: string | null;
  certifiedOn: string | null;
  /** When the certification is next reviewed: months after it, or after its last review. */
  nextReviewDate: string | null;
  /** The review date has passed and no manager recorded the review (`/context7 reviewed`). */
  reviewOverdue: boolean;
  /** The items only the developer can vouch for, as last ticked in their tracker issue. */
  selfReported: Record<SelfReportedItem, boolean>;
  /** The issue of the latest confirmation, closed on certification. */
  confirmationIssue: number | null;
  leaveDays: string[];
  /**
   * Set when the developer's record file could not be read: the path. The gates and the
   * colour are then unknown (computed from no evidence), so nothing acts on them.
   */
  recordUnreadable?: string;
}

export interface TeamStatus {
  size: number;
  certified: number;
  completionRate: number | null;
  averageKnowledgeScore: number | null;
  adoptionRate: number | null;
  /** Whether adoption is under the threshold (compared before rounding). */
  adoptionBelowThreshold: boolean;
  /** The program workdays the adoption rate was computed over. */
  adoptionWindow: string[];
  statusCounts: Record<Colour, number>;
}

/** A fact in `records/` that does not count: the App did not write it as it stands. */
export interface RejectedFact {
  /** The record file, `records/<login>.yml`. */
  file: string;
  id: string;
  kind: string;
  reason: string;
}

export interface RecordsIntegrity {
  /** `verified`: only facts with a valid proof count; `unsigned`: no key, every fact counts. */
  mode: "verified" | "unsigned";
  rejected: RejectedFact[];
}

export interface ProgramStatus {
  now: string;
  /** Today's local date in the program timezone. */
  today: string;
  timezone: string;
  team: TeamStatus;
  developers: DeveloperStatus[];
  /** How the facts were checked, when the caller checked them (the scheduled run does). */
  records?: RecordsIntegrity;
}

/**
 * Most urgent first: the worse colour, then more failed gates, then more idle workdays;
 * ties by login so the order never changes between runs.
 */
export function bySeverity(a: DeveloperStatus, b: DeveloperStatus): number {
  const failedGates = (developer: DeveloperStatus) =>
    GATES.filter((name) => developer.gates[name].state === "failed").length;
  return (
    COLOURS.indexOf(b.status) - COLOURS.indexOf(a.status) ||
    failedGates(b) - failedGates(a) ||
    b.idleWorkdays - a.idleWorkdays ||
    a.login.localeCompare(b.login)
  );
}

/**
 * The started developers who are not green or whose record is unreadable, most urgent
 * first; an unreadable record leads, since nothing about that developer is known until
 * it is fixed.
 */
export function needingAttention(status: ProgramStatus): DeveloperStatus[] {
  const unreadable = (developer: DeveloperStatus) => developer.recordUnreadable !== undefined;
  return status.developers
    .filter(
      (developer) => developer.started && (developer.status !== "green" || unreadable(developer)),
    )
    .sort((a, b) => Number(unreadable(b)) - Number(unreadable(a)) || bySeverity(a, b));
}
