/**
 * A council's OpenID Connect provider for tests (oidc-provider on
 * 127.0.0.1, its development log-in and consent pages), and a person
 * signing in through it without a browser.
 *
 * Why without a browser: the web application's single sign-on is then
 * tested wherever the unit tests run; the browser test (browser.test.ts)
 * needs Chromium.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import Provider from "oidc-provider";

/** A running test provider. */
export interface TestProvider {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /**
   * Signs `login` in at the provider's authorisation URL (as the browser
   * would: log-in, then consent) and returns the URL the provider sends the
   * browser back to, the application's callback with its code and state.
   */
  signIn(authorisationUrl: string, login: string): Promise<URL>;
  close(): Promise<void>;
}

/** Starts a provider whose one client calls back at `redirectUri`; accounts' `groups` come from `groupsOf`. */
export async function startTestProvider(
  redirectUri: string,
  groupsOf: (login: string) => string[],
): Promise<TestProvider> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const clientId = "scorecard";
  const clientSecret = "a secret for the test provider";
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: [redirectUri],
        response_types: ["code"],
        grant_types: ["authorization_code"],
      },
    ],
    claims: { openid: ["sub"], profile: ["preferred_username", "groups"] },
    conformIdTokenClaims: false,
    findAccount: (_ctx: unknown, sub: string) => ({
      accountId: sub,
      claims: () => ({ sub, preferred_username: sub, groups: groupsOf(sub) }),
    }),
    pkce: { required: () => true },
    cookies: { keys: ["a cookie key for the test provider"] },
  });
  server.on("request", provider.callback());

  const signIn = async (authorisationUrl: string, login: string): Promise<URL> => {
    const jar = new Map<string, string>();
    const send = async (url: URL, form?: Record<string, string>): Promise<Response> => {
      const res = await fetch(url, {
        method: form ? "POST" : "GET",
        redirect: "manual",
        headers: {
          cookie: [...jar].map(([k, v]) => `${k}=${v}`).join("; "),
          ...(form ? { "content-type": "application/x-www-form-urlencoded" } : {}),
        },
        ...(form ? { body: new URLSearchParams(form).toString() } : {}),
      });
      for (const c of res.headers.getSetCookie()) {
        const [pair] = c.split(";");
        const at = pair!.indexOf("=");
        jar.set(pair!.slice(0, at), pair!.slice(at + 1));
      }
      return res;
    };
    let url = new URL(authorisationUrl);
    let form: Record<string, string> | undefined;
    for (let step = 0; step < 12; step++) {
      const res = await send(url, form);
      form = undefined;
      const location = res.headers.get("location");
      if (location) {
        const next = new URL(location, url);
        if (next.href.startsWith(redirectUri)) return next;
        url = next;
        continue;
      }
      const page = await res.text();
      const action = /<form[^>]* action="([^"]+)"/.exec(page)?.[1];
      if (!action) throw new Error(`the test provider answered ${res.status} with no form to send`);
      url = new URL(action, url);
      form = page.includes('name="login"')
        ? { prompt: "login", login, password: "any" }
        : { prompt: "consent" };
    }
    throw new Error("the test provider never sent the browser back");
  };

  return {
    issuer,
    clientId,
    clientSecret,
    signIn,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
