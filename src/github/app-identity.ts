/** Who the App is on GitHub. */

/** `GET /app` as the App (an Octokit authenticated as the App fits). */
export interface AppIdentityApi {
  rest: { apps: { getAuthenticated(): Promise<{ data: { slug?: string } | null }> } };
}

/** The App's slug (`<slug>[bot]` is the login it writes as), from `GET /app`. */
export async function getAppSlug(octokit: AppIdentityApi): Promise<string> {
  const { data } = await octokit.rest.apps.getAuthenticated();
  if (typeof data?.slug !== "string" || data.slug === "")
    throw new Error("GET /app did not give the App's slug");
  return data.slug;
}
