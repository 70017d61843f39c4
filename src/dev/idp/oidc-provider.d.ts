// oidc-provider 9 ships no type declarations (and @types/oidc-provider is not installed).
// This declares only the surface the development IdP uses; widen it when you use more.
declare module 'oidc-provider' {
  import type { IncomingMessage, ServerResponse } from 'node:http';

  export type UnknownObject = Record<string, unknown>;

  export interface Client {
    readonly clientId: string;
    readonly scope?: string;
  }

  export interface ResourceServerInfo {
    scope: string;
    audience?: string;
    accessTokenTTL?: number;
    accessTokenFormat?: 'opaque' | 'jwt';
    jwt?: { sign?: { alg?: string; kid?: string } };
  }

  export class ResourceServer {
    constructor(identifier: string, info: ResourceServerInfo);
    readonly audience?: string;
    readonly scope: string;
    readonly accessTokenTTL?: number;
    identifier(): string;
  }

  /** The model instance handed to `extraTokenClaims` and created by grant handlers. */
  export interface BaseToken {
    readonly kind: string;
    jti?: string;
    clientId?: string;
    client?: Client;
    accountId?: string;
    scope?: string;
    resourceServer?: ResourceServer;
    /** Seconds until expiry; when unset, `ttl.<Kind>` decides. */
    expiresIn?: number;
    readonly expiration: number;
    readonly tokenType: string;
    save(): Promise<string>;
  }

  export interface AccessTokenInit {
    client: Client;
    accountId: string;
    gty?: string;
    scope?: string;
    expiresIn?: number;
  }

  export interface OIDCContext {
    readonly client?: Client;
    readonly params?: Record<string, string | string[] | undefined>;
  }

  /** The Koa context as oidc-provider extends it. */
  export interface KoaContextWithOIDC {
    oidc: OIDCContext;
    body: unknown;
    status: number;
  }

  export type GrantTypeHandler = (ctx: KoaContextWithOIDC, next: () => Promise<void>) => Promise<void>;

  export interface ClientMetadata {
    client_id: string;
    client_secret?: string;
    grant_types: string[];
    response_types: string[];
    redirect_uris: string[];
    token_endpoint_auth_method: 'private_key_jwt' | 'client_secret_post';
    token_endpoint_auth_signing_alg?: string;
    jwks?: { keys: UnknownObject[] };
    scope?: string;
  }

  export interface Adapter {
    upsert(id: string, payload: UnknownObject, expiresIn?: number): Promise<void>;
    find(id: string): Promise<UnknownObject | undefined>;
    findByUserCode(userCode: string): Promise<UnknownObject | undefined>;
    findByUid(uid: string): Promise<UnknownObject | undefined>;
    consume(id: string): Promise<void>;
    destroy(id: string): Promise<void>;
    revokeByGrantId(grantId: string): Promise<void>;
  }

  export interface Configuration {
    adapter?: new (name: string) => Adapter;
    clients?: ClientMetadata[];
    jwks?: { keys: UnknownObject[] };
    clientAuthMethods?: string[];
    clientBasedCORS?: (ctx: KoaContextWithOIDC, origin: string, client: Client) => boolean;
    enabledJWA?: { clientAuthSigningAlgValues?: string[] };
    responseTypes?: string[];
    scopes?: string[];
    ttl?: { AccessToken?: number; ClientCredentials?: number };
    extraTokenClaims?: (ctx: KoaContextWithOIDC, token: BaseToken) => Promise<UnknownObject | undefined> | UnknownObject | undefined;
    features?: {
      devInteractions?: { enabled: boolean };
      clientCredentials?: { enabled: boolean };
      introspection?: { enabled: boolean };
      revocation?: { enabled: boolean };
      userinfo?: { enabled: boolean };
      resourceIndicators?: {
        enabled: boolean;
        defaultResource?: (ctx: KoaContextWithOIDC, client: Client, oneOf?: string[]) => Promise<string | string[] | undefined> | string | string[] | undefined;
        useGrantedResource?: (ctx: KoaContextWithOIDC, model: unknown) => Promise<boolean> | boolean;
        getResourceServerInfo?: (ctx: KoaContextWithOIDC, resourceIndicator: string, client: Client) => Promise<ResourceServerInfo> | ResourceServerInfo;
      };
    };
  }

  export class Provider {
    constructor(issuer: string, configuration?: Configuration);
    readonly issuer: string;
    proxy: boolean;
    readonly AccessToken: new (init: AccessTokenInit) => BaseToken;
    readonly ResourceServer: typeof ResourceServer;
    callback(): (req: IncomingMessage, res: ServerResponse) => void;
    registerGrantType(name: string, handler: GrantTypeHandler, params?: string | string[] | Set<string>, dupes?: string | string[] | Set<string>): void;
    urlFor(name: string, options?: UnknownObject): string;
    on(event: string, listener: (...args: unknown[]) => void): this;
  }

  export namespace errors {
    type ErrorOptions = string | { detail?: string; cause?: unknown };
    class OIDCProviderError extends Error {
      constructor(status: number, message: string, options?: ErrorOptions);
      readonly error: string;
      error_description?: string;
      readonly status: number;
      readonly statusCode: number;
    }
    /** An error with a chosen `error` code and `error_description`, both sent to the client. */
    class CustomOIDCProviderError extends OIDCProviderError {
      constructor(error: string, description: string, options?: ErrorOptions);
    }
    class InvalidGrant extends OIDCProviderError {
      constructor(options?: ErrorOptions);
    }
    class InvalidRequest extends OIDCProviderError {
      constructor(description?: string, code?: number, options?: ErrorOptions);
    }
    class InvalidTarget extends OIDCProviderError {
      constructor(description?: string, options?: ErrorOptions);
    }
    class UnauthorizedClient extends OIDCProviderError {
      constructor(description?: string, options?: ErrorOptions);
    }
    class UnsupportedTokenType extends OIDCProviderError {
      constructor(description?: string, options?: ErrorOptions);
    }
  }

  export default Provider;
}
