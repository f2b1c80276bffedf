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

  constructor(private readonly clock: Clock) {}

  addUser(user: UserCredential): void {
    this.users.set(user.authtoken, user);
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
