/** One route per UI location; the manifest's location paths point here. */
export const ROUTES = {
  '/sidebar': 'sidebar',
  '/config': 'config',
  '/experiences': 'experiences',
} as const;

export type RouteName = (typeof ROUTES)[keyof typeof ROUTES];

export function routeFor(pathname: string): RouteName | null {
  const clean = pathname.replace(/\/+$/, '') || '/';
  return clean in ROUTES ? ROUTES[clean as keyof typeof ROUTES] : null;
}
