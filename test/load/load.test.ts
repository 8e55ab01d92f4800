/**
 * `npm run test:load`: the App loses nothing under load and faults. Two App processes
 * (Probot behind its HTTP middleware, production Octokit settings) share one stand-in for
 * GitHub that answers some requests with conflicts, server errors, secondary rate limits
 * or late, a few never (the App gives the attempt up after 5 s), and holds the first reads
 * of the config past the App's 8 s answer guard. The stand-in delivers 66 signed
 * deliveries by the sample team (6 of them twice): reviews, comments, pushes, pull
 * requests, body edits, discussions, manager commands, confirmation forms and knowledge
 * checks, 20 at a time; one process is killed (kill -9) mid-burst, and the App's own sweep
 * redelivers every failed delivery through the stand-in's deliveries API. Then, the faults
 * going on and a new process in place of the killed one, a certification one step at a
 * time, to both processes in turn: a manager's final score for alice (whose
 * record starts with Gates 1 to 3 passed), her confirmation form, the manager's certify.
 * At the end every fact the scenario's own oracle expects (the seeded record's unchanged)
 * is in the records exactly once with its content, nothing else is, every reply, check run
 * and closing was made once, the certificate is in the registry once with its credential,
 * and every delivery was answered within GitHub's 10 s.
 *
 * Separate processes rather than two Probot instances in one: each has its own event loop,
 * config cache, write queue and Octokit throttling (Bottleneck groups are per process), as
 * two instances of the App behind a load balancer have; only the stand-in is shared.
 */
import { describe, expect, it } from "vitest";
import { SAMPLE_CONFIG } from "../support/offline.js";
import { type LoadResult, runLoad, summaryTable } from "./harness.js";

/** GitHub gives up on a webhook after 10 s. */
const GITHUB_TIMEOUT_MS = 10_000;

describe("66 signed deliveries and a certification to two App processes, with faults and a kill -9", () => {
  it("records every fact exactly once, and answers each delivery within 10 s", async () => {
    const result: LoadResult = await runLoad({
      configText: SAMPLE_CONFIG,
      unique: 60,
      duplicates: 6,
      processes: 2,
      concurrency: 20,
      sweepEveryMs: 2_000,
      killAfter: 30,
      seed: 2026,
      requestTimeoutMs: 60_000,
      // Waited only while a delivery is still failing: a loaded machine needs longer to settle.
      drainTimeoutMs: 120_000,
      faults: {
        seed: 7,
        conflicts: 0.1,
        serverErrors: 0.03,
        lostAnswers: 0.5,
        secondaryRateLimits: 0.02,
        slow: 0.05,
        slowMs: [200, 1_500],
        hangs: 0.015,
        // Both processes' first config read and its retry: held past the 8 s answer guard.
        configReadHangs: 4,
        // Whatever the timing does to the number of requests, each kind shows up.
        atLeast: { conflict: 1, hang: 1, "secondary-rate-limit": 1 },
      },
    });
    process.stdout.write(`\nLoad and faults (2 App processes, Node ${process.version}):\n`);
    process.stdout.write(`${summaryTable(result)}\n`);

    const failed = result.handlers.filter((run) => run.error !== undefined);
    if (failed.length > 0 || result.factProblems.length > 0) {
      process.stdout.write(
        `\nHandler failures (first 10):\n${failed
          .slice(0, 10)
          .map(
            (run) => `- ${run.event} ${run.delivery} after ${Math.round(run.ms)} ms: ${run.error}`,
          )
          .join("\n")}\nFact problems (first 10):\n${result.factProblems
          .slice(0, 10)
          .map(
            (problem) =>
              `- ${problem.login}: ${problem.id} ${problem.problem}${problem.detail === undefined ? "" : ` (${problem.detail})`}`,
          )
          .join("\n")}\n`,
      );
    }

    // The plan did inject each kind of fault.
    expect(result.faults.conflict).toBeGreaterThan(0);
    expect(result.faults.serverError).toBeGreaterThan(0);
    expect(result.faults.secondaryRateLimit).toBeGreaterThan(0);
    expect(result.faults.slow).toBeGreaterThan(0);
    expect(result.faults.hang).toBeGreaterThan(0);
    expect(result.faults.configHang).toBe(4);
    // The deliveries that waited on the held config read failed in time (5xx), so the
    // sweep redelivered them.
    expect(
      result.handlers.some((run) => run.error?.includes("was not handled within 8 s") === true),
    ).toBe(true);

    // One App process was killed mid-burst; the other's sweep redelivered what it dropped.
    expect(result.killed).toBe(1);
    expect(result.restarted).toBe(1);
    expect(result.redeliveries).toBeGreaterThan(0);
    // Every follow-up done exactly once: one check run per submission head, one reply per
    // command and form, one closing per graded knowledge check; none that was not asked for.
    for (const check of [result.checkRuns, result.replies, result.closes]) {
      expect.soft(check.missing).toEqual([]);
      expect.soft(check.twice).toEqual([]);
      expect.soft(check.unexpected).toEqual([]);
    }
    expect(result.replies.expected).toBeGreaterThan(0);
    expect(result.closes.expected).toBeGreaterThan(0);
    // The certificate: allocated once in the registry, by the certify command, and its
    // credential written (its fact, reply and closing are checked with the others).
    const { expected: certificate } = result.certification;
    expect
      .soft(result.certification.registered)
      .toEqual([`${certificate.id} ${certificate.login} ${certificate.command}`]);
    expect.soft(result.certification.credential).toBe(certificate.id);

    // Nothing lost, nothing twice, nothing invented.
    expect.soft(result.recordProblems).toEqual([]);
    expect.soft(result.factProblems).toEqual([]);
    expect.soft(result.recordedFacts).toBe(result.expectedFacts);
    expect.soft(result.givenUp).toEqual([]);
    expect.soft(result.stillRunning).toBe(0);
    expect.soft(result.unexpectedRequests).toBe(0);

    // Within GitHub's 10 s: every answer, and every handler. Probot answers 202 "still
    // processing" after 9 s; GitHub counts that as delivered, so a handler that fails after
    // it is never redelivered and its facts are lost without anyone seeing a failure.
    // (The attempts the killed process never answered aside: they are the kill's, not late.)
    const answered = result.attempts.filter((attempt) => !attempt.toKilled);
    const answers = answered.map((attempt) => attempt.ms);
    const late = answered.filter((attempt) => attempt.status === 202 || attempt.status === 0);
    expect.soft(late.length).toBe(0);
    expect.soft(Math.max(...answers)).toBeLessThanOrEqual(GITHUB_TIMEOUT_MS);
    expect
      .soft(Math.max(0, ...result.handlers.map((run) => run.ms)))
      .toBeLessThanOrEqual(GITHUB_TIMEOUT_MS);
  });
});
