import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { readOidcSettings, roleFromClaims, teamsFromClaims } from "./oidc.ts";

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
});
