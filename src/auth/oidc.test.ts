import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { parseSettings } from "../workspace/settings.ts";
import { oidcFromSettings, readOidcSettings, roleFromClaims, teamsFromClaims } from "./oidc.ts";

const tmp = mkdtempSync(join(tmpdir(), "oidc-"));
after(() => rmSync(tmp, { recursive: true, force: true }));

describe("single sign-on settings and claims", () => {
  const s = { roleClaim: "groups", roles: { readers: "viewer", leads: "manager", perf: "analyst" } } as const;

  it("maps a claim's values to the most trusted role they name, or none", () => {
    assert.equal(roleFromClaims({ groups: ["staff", "readers"] }, s), "viewer");
    assert.equal(roleFromClaims({ groups: ["perf", "readers", "leads"] }, s), "analyst");
    assert.equal(roleFromClaims({ groups: "leads" }, s), "manager");
    assert.equal(roleFromClaims({ groups: ["staff"] }, s), null);
    assert.equal(roleFromClaims({}, s), null);
    assert.deepEqual(teamsFromClaims({ teams: ["TM1", "", 3, "TM2"] }, "teams"), ["TM1", "TM2"]);
    assert.deepEqual(teamsFromClaims({ teams: "TM1" }, undefined), []);
  });

  it("reads a settings file, naming the file and field of a problem, and refuses http", () => {
    const good = {
      issuer: "https://login.example.gov.uk/",
      clientId: "scorecard",
      clientSecret: "s",
      redirectUri: "https://scorecard.example.gov.uk/sign-in/oidc/callback",
      roleClaim: "groups",
      roles: { leads: "manager" },
    };
    const file = (name: string, v: unknown) => {
      const p = join(tmp, name);
      writeFileSync(p, typeof v === "string" ? v : JSON.stringify(v));
      return p;
    };
    assert.deepEqual(readOidcSettings(file("good.json", good)), good);
    assert.throws(
      () => readOidcSettings(file("role.json", { ...good, roles: { leads: "boss" } })),
      /role\.json: roles\.leads: .* \(found "boss"\)/,
    );
    assert.throws(
      () => readOidcSettings(file("http.json", { ...good, issuer: "http://login.example.gov.uk/" })),
      /http\.json: issuer and redirectUri must be https:\/\/ addresses/,
    );
    assert.throws(() => readOidcSettings(file("bad.json", "{")), /bad\.json: cannot read it as JSON/);
  });

  it("reads single sign-on from the workspace settings, the client secret from the variable they name", () => {
    const base = { council: { name: "X", laCode: "372" }, population: { "2024-25": 1000 } };
    const sso = {
      issuer: "https://login.example.gov.uk/",
      clientId: "scorecard",
      clientSecretEnv: "SCORECARD_OIDC_SECRET",
      redirectUri: "https://scorecard.example.gov.uk/sign-in/oidc/callback",
      roleClaim: "groups",
      roles: { leads: "manager", perf: "analyst" },
      teamsClaim: "teams",
    };
    const entry = parseSettings({ ...base, singleSignOn: sso }).singleSignOn!;
    assert.deepEqual(oidcFromSettings(entry, { SCORECARD_OIDC_SECRET: "s3cret" }, "settings.json"), {
      issuer: sso.issuer,
      clientId: "scorecard",
      clientSecret: "s3cret",
      redirectUri: sso.redirectUri,
      roleClaim: "groups",
      roles: sso.roles,
      teamsClaim: "teams",
    });
    assert.throws(
      () => oidcFromSettings(entry, {}, "settings.json"),
      /^UserError: settings\.json: singleSignOn\.clientSecretEnv names SCORECARD_OIDC_SECRET, which is not set in the environment/,
    );
    // the secret itself is refused, and not repeated in the message
    assert.throws(
      () => parseSettings({ ...base, singleSignOn: { ...sso, clientSecret: "s3cret" } }),
      (e: Error) =>
        /settings\.json: singleSignOn: do not write the client secret in the settings/.test(e.message) &&
        !e.message.includes("s3cret"),
    );
    assert.throws(
      () =>
        oidcFromSettings(
          parseSettings({ ...base, singleSignOn: { ...sso, roles: { leads: "boss" } } }).singleSignOn!,
          { SCORECARD_OIDC_SECRET: "s" },
          "settings.json",
        ),
      /settings\.json: singleSignOn\.roles\.leads: not a role; use one of viewer, manager, analyst, admin \(found "boss"\)/,
    );
    assert.throws(
      () => parseSettings({ ...base, singleSignOn: { ...sso, clientSecretEnv: "my secret" } }),
      /singleSignOn\.clientSecretEnv: name the environment variable/,
    );
    // http:// only when the provider and the callback are both on this machine
    const http = parseSettings({
      ...base,
      singleSignOn: { ...sso, issuer: "http://login.example.gov.uk/" },
    }).singleSignOn!;
    assert.throws(
      () => oidcFromSettings(http, { SCORECARD_OIDC_SECRET: "s" }, "settings.json"),
      /settings\.json: singleSignOn: issuer and redirectUri must be https:\/\/ addresses/,
    );
    const { clientSecretEnv: _, ...publicClient } = sso;
    const local = parseSettings({
      ...base,
      singleSignOn: {
        ...publicClient,
        issuer: "http://127.0.0.1:4000",
        redirectUri: "http://127.0.0.1:8080/sign-in/oidc/callback",
      },
    }).singleSignOn!;
    const resolved = oidcFromSettings(local, {}, "settings.json");
    assert.deepEqual([resolved.allowHttp, resolved.clientSecret], [true, undefined]);
  });
});
