// What bench/servers/edge-manifest-server.ts tells the bench, and the constant answer of its baseline routes.
export interface EdgeManifestUrls {
  /** A raw node:http route: the ceiling of this machine and load generator. */
  raw: string;
  /** An Express app with the bare route (`/bare`) and the edge router alone (`/edge`). */
  express: string;
  /** The edge router behind the security layer (`/edge`). */
  secured: string;
}

export function isEdgeManifestUrls(message: unknown): message is EdgeManifestUrls {
  if (typeof message !== 'object' || message === null) return false;
  const m = message as Record<string, unknown>;
  return typeof m.raw === 'string' && typeof m.express === 'string' && typeof m.secured === 'string';
}

/** The size and shape of a 10-experience manifest. */
export const CONSTANT_MANIFEST = JSON.stringify({
  experiences: Array.from({ length: 10 }, (_, i) => ({ shortUid: String(i), activeVariantShortUid: '1' })),
});
