// Which version of an experience the app follows — the guard, the sweep's fingerprint and the experiences page all
// ask, and must agree: the ACTIVE version when there is one (what visitors get), else the experience's
// `latestVersion`, else the newest listed (Personalize lists versions newest first).

export function followedVersion<V extends { uid: string; status: string }>(
  experience: { latestVersion: string | null },
  versions: readonly V[],
): V | null {
  return (
    versions.find((v) => v.status === 'ACTIVE') ??
    versions.find((v) => v.uid === experience.latestVersion) ??
    versions[0] ??
    null
  );
}
