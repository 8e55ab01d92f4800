/**
 * The plan's practical exercises (section 4) as data, and the exercises each role must pass
 * for Gate 2 (RULES §5.2). Both can be overridden from the config's `curriculum` key.
 */

export const ROLES = ["backend", "frontend", "fullstack", "qa"] as const;
export type Role = (typeof ROLES)[number];

export interface Exercise {
  id: string;
  track: Role;
  title: string;
  objective: string;
  /** The name passed to `resolve-library-id`; null when the exercise spans several libraries. */
  library: string | null;
  /** The Context7 library ID passed to `get-library-docs` / `query-docs`. */
  libraryId: string | null;
  topic: string | null;
  steps: string[];
}

/**
 * One clause of a role's requirement: `count` passed exercises chosen from `from`
 * (exercise ids, `prefix-*` patterns, or `*` for any). Clauses are filled in order and an
 * exercise counts towards one clause only, so "qa-playwright and any two others" is
 * `[{ from: [qa-playwright], count: 1 }, { from: ["*"], count: 2 }]`.
 */
export interface RequirementClause {
  from: string[];
  count: number;
}

export type Requirements = Record<Role, RequirementClause[]>;

export const DEFAULT_EXERCISES: readonly Exercise[] = [
  {
    id: "backend-1",
    track: "backend",
    title: "Hathora SDK Advanced Features",
    objective: "Master lobby management and matchmaking",
    library: "hathora",
    libraryId: "/hathora/server-sdk",
    topic: "lobby-advanced",
    steps: [
      'resolve-library-id: "hathora"',
      'get-library-docs: "/hathora/server-sdk", topic: "lobby-advanced"',
      "Implement custom lobby creation with region selection",
      "Document 3 best practices discovered",
      "Share implementation in code review",
    ],
  },
  {
    id: "backend-2",
    track: "backend",
    title: "WebSocket Production Patterns",
    objective: "Implement resilient real-time communication",
    library: "ws",
    libraryId: "/websockets/ws",
    topic: "production-patterns",
    steps: [
      'resolve-library-id: "ws"',
      'get-library-docs: "/websockets/ws", topic: "production-patterns"',
      "Implement automatic reconnection with exponential backoff",
      "Add connection health monitoring",
      "Write test cases based on Context7 examples",
    ],
  },
  {
    id: "backend-3",
    track: "backend",
    title: "Node.js Performance Optimization",
    objective: "Apply performance best practices",
    library: "node",
    libraryId: "/nodejs/node",
    topic: "performance",
    steps: [
      'resolve-library-id: "node"',
      'get-library-docs: "/nodejs/node", topic: "performance"',
      "Identify and fix 2 performance bottlenecks",
      "Implement monitoring based on Context7 guidance",
      "Measure and document improvements",
    ],
  },
  {
    id: "frontend-1",
    track: "frontend",
    title: "React Advanced Patterns",
    objective: "Master component optimization techniques",
    library: "react",
    libraryId: "/facebook/react",
    topic: "performance",
    steps: [
      'resolve-library-id: "react"',
      'get-library-docs: "/facebook/react", topic: "performance"',
      "Implement memoization in GameRenderer component",
      "Add useMemo for expensive calculations",
      "Validate performance improvements",
    ],
  },
  {
    id: "frontend-2",
    track: "frontend",
    title: "TypeScript Complex Types",
    objective: "Create type-safe interfaces for game systems",
    library: "typescript",
    libraryId: "/microsoft/typescript",
    topic: "advanced-types",
    steps: [
      'resolve-library-id: "typescript"',
      'get-library-docs: "/microsoft/typescript", topic: "advanced-types"',
      "Create type-safe action system interfaces",
      "Implement generic type constraints",
      "Document type patterns for team use",
    ],
  },
  {
    id: "frontend-3",
    track: "frontend",
    title: "Browser API Integration",
    objective: "Implement real-time browser features",
    library: "web-apis",
    libraryId: "/mdn/web-docs",
    topic: "real-time",
    steps: [
      'resolve-library-id: "web-apis"',
      'get-library-docs: "/mdn/web-docs", topic: "real-time"',
      "Implement WebSocket client with auto-reconnect",
      "Add local storage for game state persistence",
      "Test across multiple browsers",
    ],
  },
  {
    id: "fullstack-e2e",
    track: "fullstack",
    title: "End-to-End Integration",
    objective: "Connect frontend and backend using Context7 guidance",
    library: null,
    libraryId: null,
    topic: null,
    steps: [
      "Use Context7 for database schema design",
      "Use Context7 for API endpoint patterns",
      "Use Context7 for frontend state management",
      "Use Context7 for testing strategies",
      "Document complete implementation pattern",
    ],
  },
  {
    id: "qa-playwright",
    track: "qa",
    title: "Visual Regression Testing",
    objective: "Master Playwright visual testing patterns",
    library: "playwright",
    libraryId: "/microsoft/playwright",
    topic: "visual-testing",
    steps: [
      'resolve-library-id: "playwright"',
      'get-library-docs: "/microsoft/playwright", topic: "visual-testing"',
      "Improve existing AP system visual tests",
      "Add cross-browser screenshot comparisons",
      "Implement CI/CD integration patterns",
    ],
  },
];

export const DEFAULT_REQUIREMENTS: Requirements = {
  backend: [{ from: ["backend-1", "backend-2", "backend-3"], count: 3 }],
  frontend: [{ from: ["frontend-1", "frontend-2", "frontend-3"], count: 3 }],
  fullstack: [
    { from: ["backend-*"], count: 2 },
    { from: ["frontend-*"], count: 2 },
    { from: ["fullstack-e2e"], count: 1 },
  ],
  qa: [
    { from: ["qa-playwright"], count: 1 },
    { from: ["*"], count: 2 },
  ],
};

export function matchesPattern(exerciseId: string, pattern: string): boolean {
  if (pattern === "*") return true;
  if (pattern.endsWith("*")) return exerciseId.startsWith(pattern.slice(0, -1));
  return exerciseId === pattern;
}

export function requiredCount(clauses: readonly RequirementClause[]): number {
  return clauses.reduce((sum, clause) => sum + clause.count, 0);
}

/**
 * How many of the passed exercises count towards the requirement. Clauses are filled in
 * order, each exercise used once, so a specific clause is served before a wildcard one.
 */
export function countTowardsRequirement(
  clauses: readonly RequirementClause[],
  passed: Iterable<string>,
): number {
  const available = new Set(passed);
  let counted = 0;
  for (const clause of clauses) {
    let taken = 0;
    for (const id of [...available].sort()) {
      if (taken === clause.count) break;
      if (clause.from.some((pattern) => matchesPattern(id, pattern))) {
        available.delete(id);
        taken++;
      }
    }
    counted += taken;
  }
  return counted;
}

/** Merges config overrides into the defaults: an exercise with a known id replaces it. */
export function buildCatalog(overrides: readonly Exercise[]): Exercise[] {
  const byId = new Map(DEFAULT_EXERCISES.map((exercise) => [exercise.id, exercise]));
  for (const exercise of overrides) byId.set(exercise.id, exercise);
  return [...byId.values()];
}
