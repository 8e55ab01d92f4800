/**
 * The program config, `.github/context7-training.yml` in the training repo (RULES §2).
 * Every number defaults to the plan's; an unknown key is an error that names it.
 */
import { z } from "zod";
import { isValidTimezone, WEEKDAYS } from "./calendar.js";
import {
  buildCatalog,
  DEFAULT_REQUIREMENTS,
  type Exercise,
  matchesPattern,
  type Requirements,
  ROLES,
} from "./curriculum.js";
import { type Parsed, problemsFromZod } from "./problems.js";
import { parseYaml } from "./yaml.js";

export const CONFIG_PATH = ".github/context7-training.yml";

const login = z
  .string()
  .regex(
    /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,37}[A-Za-z0-9])?$/,
    "must be a GitHub login (letters, digits and single hyphens, no @)",
  );
const localDate = z.iso.date({ message: "must be a date written YYYY-MM-DD" });
const weekday = z.enum(WEEKDAYS);
const role = z.enum(ROLES);
const score = z.number().min(0).max(100);
const positiveInt = z.int().min(1);

const rosterEntry = z.strictObject({
  login,
  role,
  start: localDate.describe("Day 1 of this developer, in the program timezone"),
  name: z.string().min(1).optional().describe("Display name for dashboards"),
});

const escalationLevel = z.strictObject({
  level: z.int().min(1).max(4),
  title: z.string().min(1),
  assignees: z.array(login).default([]),
});

const requirementClause = z.strictObject({
  from: z.array(z.string().min(1)).min(1).describe("Exercise ids, `prefix-*` patterns or `*`"),
  count: positiveInt,
});

const exercise = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, "must be lower-case letters, digits and hyphens"),
  track: role,
  title: z.string().min(1),
  objective: z.string().min(1),
  library: z.string().min(1).nullable(),
  libraryId: z
    .string()
    .regex(/^\/[A-Za-z0-9][\w.-]*\/[\w.-]+$/, "must be a Context7 library ID such as /owner/repo")
    .nullable(),
  topic: z.string().min(1).nullable(),
  steps: z.array(z.string().min(1)).default([]),
});

const thresholds = z
  .strictObject({
    knowledgeScore: score.default(85).describe("Gate 1: minimum knowledge-check score"),
    finalScore: score.default(85).describe("Gate 4: minimum final assessment score"),
    consistency: z
      .number()
      .min(0)
      .max(1)
      .default(0.8)
      .describe("Gate 3: consistency must be strictly above this"),
    consecutiveUsageWorkdays: positiveInt.default(5).describe("Gate 3: usage streak in workdays"),
    reviewReferences: positiveInt.default(3).describe("Gate 3: reviews citing Context7"),
    discoveries: positiveInt.default(1).describe("Gate 3: discoveries or `shared` credits"),
    realWorldApplications: positiveInt.default(1).describe("Gate 2: merged real-world PRs"),
    knowledgeCheckAttempts: positiveInt
      .default(3)
      .describe("Gate 1: knowledge-check attempts the App grades (the first and its retakes)"),
    failedAttemptsPerExercise: positiveInt
      .default(2)
      .describe("Gate 2: failed attempts at one exercise that use up the retest"),
    idleWorkdays: z
      .strictObject({
        yellow: positiveInt.default(2),
        red: positiveInt.default(3),
        critical: positiveInt.default(5),
      })
      .prefault({}),
    adoptionRate: z.number().min(0).max(1).default(0.8).describe("Team alert below this"),
    adoptionWindowWorkdays: positiveInt.default(5),
    escalationStepWorkdays: positiveInt
      .default(3)
      .describe("An open escalation moves up a level after this many more workdays"),
    reviewIntervalMonths: positiveInt
      .default(3)
      .describe("A certification is reviewed this many months after it (or its last review)"),
    reviewNoticeDays: positiveInt
      .default(14)
      .describe("The review issue opens this many days before the review date"),
  })
  .prefault({});

const deadlines = z
  .strictObject({
    knowledge: positiveInt.default(3).describe("Gate 1 ends with this Day"),
    practical: positiveInt.default(7),
    integration: positiveInt.default(14),
    certification: positiveInt.default(14),
  })
  .prefault({});

const share = z.number().min(0).max(1);

const kpis = z
  .strictObject({
    libraryBugLabel: z
      .string()
      .min(1)
      .default("library-usage")
      .describe("Issues with this label are library-usage bugs"),
    baselineWeeks: positiveInt
      .max(26)
      .default(4)
      .describe("The baseline: each developer's merged PRs in this many weeks before their Day 1"),
    baselinePullRequests: positiveInt
      .max(100)
      .default(20)
      .describe("API budget: at most this many baseline PRs fetched per developer (1 call each)"),
    baselineDevelopersPerRun: positiveInt
      .default(10)
      .describe("At most this many developers' baselines fetched per scheduled run"),
    minimumSample: positiveInt
      .default(5)
      .describe("Fewer PRs (or baseline bugs) than this on either side: not enough data"),
    hourlyCost: z
      .number()
      .positive()
      .optional()
      .describe("Cost of a developer hour; with programmeHours, the report shows the return"),
    currency: z.string().min(1).max(8).default("USD"),
    programmeHours: z
      .number()
      .positive()
      .optional()
      .describe("Hours the whole team spent on the programme (training, sessions, exercises)"),
    targets: z
      .strictObject({
        usesPerWorkday: z.number().positive().default(1),
        implementationSuccess: share.default(0.9),
        discoveriesPerWeek: z.number().positive().default(1),
        reviewCyclesReduction: share.default(0.3),
        qualityScore: score.default(85),
        certification: share.default(1),
        deliveryImprovement: share.default(0.25),
        patterns: positiveInt.default(50),
        libraryBugReduction: share.default(0.4),
      })
      .prefault({})
      .describe("The plan's section 7 targets; competency and adoption use `thresholds`"),
  })
  .prefault({});

const requirementsByRole = z.strictObject({
  backend: z.array(requirementClause).min(1).optional(),
  frontend: z.array(requirementClause).min(1).optional(),
  fullstack: z.array(requirementClause).min(1).optional(),
  qa: z.array(requirementClause).min(1).optional(),
});

/** `owner/name` of a repository, as `trainingRepo` and `CONTEXT7_TRAINING_REPO` take it. */
export const REPOSITORY_NAME = /^[\w.-]+\/[\w.-]+$/;

export const configSchema = z
  .strictObject({
    $schema: z.string().optional(),
    trainingRepo: z
      .string()
      .regex(REPOSITORY_NAME, "must be owner/name, for example acme/context7-training"),
    timezone: z
      .string()
      .refine(isValidTimezone, "must be an IANA timezone name such as Europe/Berlin")
      .default("UTC"),
    workdays: z.array(weekday).min(1).default(["mon", "tue", "wed", "thu", "fri"]),
    holidays: z.array(localDate).default([]),
    roster: z.array(rosterEntry).default([]),
    managers: z.array(login).default([]),
    escalation: z.array(escalationLevel).default([
      { level: 1, title: "Training Coordinator", assignees: [] },
      { level: 2, title: "Engineering Director", assignees: [] },
      { level: 3, title: "CTO/VP Engineering", assignees: [] },
      { level: 4, title: "Executive Leadership", assignees: [] },
    ]),
    discoveries: z
      .strictObject({ discussionCategory: z.string().min(1).default("Context7 Discoveries") })
      .prefault({}),
    reports: z
      .strictObject({
        discussionCategory: z.string().min(1).default("Reports"),
        weekday: weekday.default("fri"),
      })
      .prefault({}),
    trackerIssues: z
      .boolean()
      .default(true)
      .describe(
        "Open an issue per developer on their Day 1 with their tracker, kept current by the scheduled run",
      ),
    trackerWritesPerRun: positiveInt
      .default(100)
      .describe(
        "At most this many tracker issues are opened or updated per run (oldest first); the rest wait for the next run",
      ),
    thresholds,
    deadlines,
    kpis,
    privacy: z
      .strictObject({
        teamFiguresOnly: z
          .boolean()
          .default(false)
          .describe(
            "Keep developers' names out of the weekly report and the team dashboard (escalations still name them)",
          ),
      })
      .prefault({}),
    curriculum: z
      .strictObject({
        exercises: z
          .array(exercise)
          .default([])
          .describe("Exercises added to, or replacing by id, the plan's catalog"),
        required: requirementsByRole.prefault({}),
      })
      .prefault({}),
  })
  .superRefine((config, ctx) => {
    reportDuplicates(
      ctx,
      config.roster.map((entry) => entry.login.toLowerCase()),
      (index) => ["roster", index, "login"],
      "is on the roster twice; keep one entry per developer",
    );
    reportDuplicates(
      ctx,
      config.escalation.map((level) => String(level.level)),
      (index) => ["escalation", index, "level"],
      "appears twice in the escalation matrix; each level 1..4 at most once",
    );
    reportDuplicates(
      ctx,
      config.curriculum.exercises.map((entry) => entry.id),
      (index) => ["curriculum", "exercises", index, "id"],
      "is defined twice; keep one definition per exercise id",
    );
    const { yellow, red, critical } = config.thresholds.idleWorkdays;
    if (!(yellow < red && red < critical)) {
      ctx.addIssue({
        code: "custom",
        path: ["thresholds", "idleWorkdays"],
        message: `must rise from yellow to red to critical (got ${yellow}, ${red}, ${critical})`,
      });
    }
    const knownIds = buildCatalog(config.curriculum.exercises).map((entry) => entry.id);
    for (const roleName of ROLES) {
      config.curriculum.required[roleName]?.forEach((clause, clauseIndex) => {
        clause.from.forEach((pattern, patternIndex) => {
          if (!knownIds.some((id) => matchesPattern(id, pattern))) {
            ctx.addIssue({
              code: "custom",
              path: ["curriculum", "required", roleName, clauseIndex, "from", patternIndex],
              message: `matches no exercise; known ids: ${knownIds.join(", ")}`,
            });
          }
        });
      });
    }
  });

function reportDuplicates(
  ctx: z.RefinementCtx,
  values: string[],
  pathOf: (index: number) => (string | number)[],
  message: string,
) {
  const seen = new Set<string>();
  values.forEach((value, index) => {
    if (seen.has(value)) {
      ctx.addIssue({ code: "custom", path: pathOf(index), message: `"${value}" ${message}` });
    }
    seen.add(value);
  });
}

export type ConfigInput = z.input<typeof configSchema>;
type ParsedConfig = z.output<typeof configSchema>;

/** The config with everything derived from it that the core needs. */
export interface Config extends ParsedConfig {
  exercises: Exercise[];
  requirements: Requirements;
}

export function resolveConfig(parsed: ParsedConfig): Config {
  return {
    ...parsed,
    exercises: buildCatalog(parsed.curriculum.exercises),
    requirements: { ...DEFAULT_REQUIREMENTS, ...stripUndefined(parsed.curriculum.required) },
  };
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

export function rosterEntryFor(config: Config, loginName: string) {
  return rosterIndex(config.roster).get(loginName.toLowerCase());
}

type RosterEntry = Config["roster"][number];
const rosterIndexes = new WeakMap<readonly RosterEntry[], Map<string, RosterEntry>>();

/**
 * The roster by lower-case login, built once per roster: the gate engine asks for every
 * approval, so a scan of a 10,000-strong roster each time made evaluation 15 times slower.
 */
function rosterIndex(roster: readonly RosterEntry[]): Map<string, RosterEntry> {
  let index = rosterIndexes.get(roster);
  if (index === undefined) {
    index = new Map();
    // The first entry of a login wins, as a scan would find it.
    for (const entry of roster) {
      const key = entry.login.toLowerCase();
      if (!index.has(key)) index.set(key, entry);
    }
    rosterIndexes.set(roster, index);
  }
  return index;
}

/** Parses the config file's text; every problem is reported at once, with its line. */
export function parseConfig(text: string, file: string = CONFIG_PATH): Parsed<Config> {
  const loaded = parseYaml(text, file);
  if (!loaded.ok) return loaded;
  if (loaded.value === null || typeof loaded.value !== "object" || Array.isArray(loaded.value)) {
    return {
      ok: false,
      problems: [
        {
          file,
          path: "",
          message:
            "must be a YAML mapping with at least `trainingRepo` and `roster`; see .github/context7-training.example.yml",
        },
      ],
    };
  }
  const result = configSchema.safeParse(loaded.value);
  if (!result.success) {
    return {
      ok: false,
      problems: problemsFromZod(result.error, configSchema, { file, text, value: loaded.value }),
    };
  }
  return { ok: true, value: resolveConfig(result.data) };
}
