/**
 * The Single Sign-On client the sandbox registers for the Cafe24 store stand-in (SANDBOX=1): what a
 * merchant would type into "Client ID / Client Secret" under [Store setup › Single Sign-On]. Not
 * secrets — they open only the sandbox.
 */
export const SANDBOX_SSO_CLIENT = {
  clientId: 'sandbox-cafe24-sso',
  clientSecret: 'sandbox-cafe24-sso-client-secret-0123456789',
} as const;

/**
 * Where a Cafe24 store receives the identity provider's code: `/Api/Member/Oauth2ClientCallback/`
 * plus the SSO slot (`sso`, then `sso1`…), as seen on live stores' redirect URIs (unofficial).
 */
export const CAFE24_SSO_CALLBACK_PATH = '/Api/Member/Oauth2ClientCallback/sso/';
