// oidc-provider ships no types; the browser tests use it as a local provider only.
declare module "oidc-provider";
