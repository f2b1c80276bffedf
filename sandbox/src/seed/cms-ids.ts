/**
 * Fixed identities of the seeded sandbox, so docs, scripts and tests can name them. They are fake:
 * valid only against this sandbox.
 */
export const SEED = {
  orgUid: 'blt0f2d8c4a9e1b7350',
  userUid: 'blt5a7e19c3d2f08b64',
  userEmail: 'ada@northwind-outfitters.test',
  /** For `POST /v3/user-session` (`csdx auth:login`): the seeded user's password. */
  userPassword: 'northwind-sandbox-2026',
  userName: { first: 'Ada', last: 'Lindqvist' },
  authtoken: 'blt9c1e4a7f2b6d8035',
  demo: {
    apiKey: 'blt7f3c2a9e4b1d6085',
    uid: 'blt3e8a1f6c0d2b9474',
    name: 'Northwind Outfitters',
    managementToken: 'cs5d1f9a2e7c4b803e6a1d2f9c7b4e8a05',
    deliveryToken: 'cs2b8e4f1a9d7c3065e2f8a1b4d9c7e306',
    environments: ['development', 'production'],
    locales: ['en-us', 'fr-fr'],
    masterLocale: 'en-us',
  },
  /** A second, empty stack in another organization: for isolation tests. */
  other: {
    apiKey: 'blt1d6b9e3f7a2c4058',
    uid: 'blt8c2f5a9d1e7b3046',
    name: 'Contoso Staging',
    orgUid: 'blt6e3a9d1c5f7b2084',
    /** That organization's admin: Personalize takes user tokens, not management tokens. */
    userUid: 'blt4c8e2a6f0d9b1357',
    authtoken: 'blt2f7d1b9e4a6c3580',
    managementToken: 'cs9e4a7d2c1f8b5036e9a4d7c2f1b8e503',
    environments: ['staging'],
    locales: ['en-us'],
    masterLocale: 'en-us',
  },
} as const;
