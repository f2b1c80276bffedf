/**
 * Who may call what. Seeded users (authtokens), stack management tokens and delivery tokens live
 * here, together with the OAuth app tokens the app platform registers. Tokens are compared as opaque
 * strings and never logged.
 */
import type { AppPrincipal, Clock, CredentialRegistry, Principal } from './contracts';

export interface UserCredential {
  authtoken: string;
  userUid: string;
  orgUid: string;
}

/** A user who can log in with email and password (`POST /v3/user-session`). */
export interface UserAccount {
  userUid: string;
  orgUid: string;
  email: string;
  password: string;
  firstName: string;
  lastName: string;
}

export interface ManagementTokenCredential {
  token: string;
  stackApiKey: string;
  orgUid: string;
}

export interface DeliveryTokenCredential {
  token: string;
  stackApiKey: string;
  environments: string[];
}

interface AppToken {
  principal: AppPrincipal;
  expiresAt: number;
}

export class Credentials implements CredentialRegistry {
  private readonly users = new Map<string, UserCredential>();
  private readonly managementTokens = new Map<string, ManagementTokenCredential>();
  private readonly deliveryTokens = new Map<string, DeliveryTokenCredential>();
  private readonly appTokens = new Map<string, AppToken>();
  /** Keyed by lower-cased email: Contentstack logins are case-insensitive on the email. */
  private readonly accounts = new Map<string, UserAccount>();
  /** Authtokens minted by a login; only these can be ended by a logout (seeded tokens stay valid). */
  private readonly sessions = new Set<string>();

  constructor(private readonly clock: Clock) {}

  addUser(user: UserCredential): void {
    this.users.set(user.authtoken, user);
  }

  addAccount(account: UserAccount): void {
    this.accounts.set(account.email.toLowerCase(), account);
  }

  /** A new authtoken for a correct email and password, else undefined. */
  login(email: string, password: string, mint: () => string): { account: UserAccount; authtoken: string } | undefined {
    const account = this.accounts.get(email.toLowerCase());
    if (account === undefined || account.password !== password) return undefined;
    const authtoken = mint();
    this.users.set(authtoken, { authtoken, userUid: account.userUid, orgUid: account.orgUid });
    this.sessions.add(authtoken);
    return { account, authtoken };
  }

  /** Ends a login session; false when the token is unknown. A seeded authtoken is known but not ended. */
  logout(authtoken: string): boolean {
    if (!this.users.has(authtoken)) return false;
    if (this.sessions.delete(authtoken)) this.users.delete(authtoken);
    return true;
  }

  addManagementToken(token: ManagementTokenCredential): void {
    this.managementTokens.set(token.token, token);
  }

  addDeliveryToken(token: DeliveryTokenCredential): void {
    this.deliveryTokens.set(token.token, token);
  }

  resolve(headers: { authtoken?: string | undefined; authorization?: string | undefined }): Principal | undefined {
    if (headers.authtoken !== undefined && headers.authtoken !== '') {
      const user = this.users.get(headers.authtoken);
      return user && { kind: 'user', userUid: user.userUid, orgUid: user.orgUid };
    }
    const authorization = headers.authorization?.trim();
    if (authorization === undefined || authorization === '') return undefined;
    const bearer = /^Bearer\s+(.+)$/i.exec(authorization);
    if (bearer?.[1] !== undefined) {
      const app = this.appTokens.get(bearer[1]);
      if (app === undefined || app.expiresAt <= this.clock.now().getTime()) return undefined;
      return app.principal;
    }
    const mt = this.managementTokens.get(authorization);
    return mt && { kind: 'management-token', stackApiKey: mt.stackApiKey, orgUid: mt.orgUid };
  }

  resolveDeliveryToken(token: string | undefined): DeliveryTokenCredential | undefined {
    return token === undefined ? undefined : this.deliveryTokens.get(token);
  }

  registerAppToken(token: string, principal: AppPrincipal, expiresAt: Date): void {
    this.appTokens.set(token, { principal, expiresAt: expiresAt.getTime() });
  }

  revokeAppTokens(installationUid: string): void {
    for (const [token, app] of this.appTokens) {
      if (app.principal.installationUid === installationUid) this.appTokens.delete(token);
    }
  }
}

/** May this principal act on this stack? Users act within their organization. */
export const principalCanUseStack = (principal: Principal, stack: { apiKey: string; orgUid: string }): boolean => {
  switch (principal.kind) {
    case 'user':
      return principal.orgUid === stack.orgUid;
    case 'management-token':
    case 'app':
      return principal.stackApiKey === stack.apiKey;
  }
};
