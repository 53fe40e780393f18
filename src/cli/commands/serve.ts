/**
 * `scorecard serve`: the web application over one workspace, on
 * 127.0.0.1:8080 unless told otherwise. The server holds the workspace
 * while it runs (a CLI command that needs it then says it is in use).
 */
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { readOidcSettings } from "../../auth/oidc.ts";
import { addUser, listUsers } from "../../auth/users.ts";
import { UserError } from "../../errors/userError.ts";
import { createApp } from "../../server/app.tsx";
import { openWorkspace, readCoverage } from "../../workspace/workspace.ts";
import { type CommandRunner, intOption, requiredOption } from "../command.ts";
import { councilOption } from "../council.ts";

export const serveCommand: CommandRunner = {
  async run({ values }) {
    const started = performance.now();
    const port = intOption(values, "port", 8080, [0, 65535]);
    const host = values.host === undefined ? "127.0.0.1" : String(values.host);
    const ws = await openWorkspace(requiredOption(values, "dir", "serve"), {
      council: councilOption(values),
    });
    try {
      const la = ws.settings.council.laCode;
      if (!(await readCoverage(ws.db)).some((c) => c.laCode === la))
        throw new UserError(`serve: the workspace has no data for LA ${la} yet: import files first`);
      const firstAdmin =
        (await listUsers(ws.db)).length === 0 ? await addUser(ws.db, "admin", "admin", [], new Date()) : null;
      const oidc = values.oidc === undefined ? undefined : readOidcSettings(String(values.oidc));
      const app = await createApp({
        ws,
        trustProxy: values["trust-proxy"] === true,
        warm: true,
        ...(oidc ? { oidc } : {}),
      });
      await new Promise<void>((resolve, reject) => {
        const server = serve({ fetch: app.fetch, port, hostname: host }, () => {
          const shown = host.includes(":") ? `[${host}]` : host;
          const bound = (server.address() as AddressInfo | null)?.port ?? port;
          console.log(
            `Serving ${ws.settings.council.name}'s scorecard at http://${shown}:${bound}/ (ready in ${Math.round(performance.now() - started)} ms; Ctrl-C to stop)`,
          );
          const loopback = host === "127.0.0.1" || host === "localhost" || host === "::1";
          if (!loopback && values["trust-proxy"] !== true)
            console.log(
              "Browsers keep the session cookie only over HTTPS: put a TLS proxy in front and use --trust-proxy.",
            );
          if (firstAdmin)
            console.log(
              `No accounts yet, so one was made: sign in as "admin" with the one-time password ${firstAdmin} (shown once) and choose your own.`,
            );
        });
        server.on("error", (e: NodeJS.ErrnoException) =>
          reject(
            e.code === "EADDRINUSE"
              ? new UserError(`serve: port ${port} on ${host} is in use; choose another with --port`)
              : e,
          ),
        );
        const stop = () => server.close(() => resolve());
        process.once("SIGINT", stop);
        process.once("SIGTERM", stop);
      });
    } finally {
      ws.close();
    }
  },
};
