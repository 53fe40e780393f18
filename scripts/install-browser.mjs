// postinstall: makes sure a Chromium is on PATH for `scorecard report --format pdf`
// and the PDF tests. Installs Debian's `chromium` package with apt-get only when
// none is found, this is the project's own install (not csc-scorecard installed
// as a dependency), the machine is Debian or Ubuntu and we run as root; otherwise
// it prints one line saying how. It never fails the install.
import { spawnSync } from "node:child_process";
import { accessSync, constants, existsSync } from "node:fs";
import { delimiter, join, resolve } from "node:path";

const NAMES = ["chromium", "chromium-browser"];
const HINT =
  "csc-scorecard: PDF reports need Chromium; install it with `sudo apt-get install chromium` (HTML and XLSX need no browser)";

function onPath() {
  for (const dir of (process.env.PATH ?? "").split(delimiter).filter(Boolean)) {
    for (const name of NAMES) {
      try {
        accessSync(join(dir, name), constants.X_OK);
        return join(dir, name);
      } catch {}
    }
  }
  return null;
}

function apt(args) {
  const r = spawnSync("apt-get", args, {
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
  });
  return r.status === 0;
}

try {
  const found = onPath();
  const own = !process.env.INIT_CWD || resolve(process.env.INIT_CWD) === resolve(process.cwd());
  const root = typeof process.getuid === "function" && process.getuid() === 0;
  if (found) {
    console.log(`csc-scorecard: Chromium for PDF reports: ${found}`);
  } else if (own && root && existsSync("/etc/debian_version")) {
    console.log(
      "csc-scorecard: installing Debian's chromium package for PDF reports (apt-get install chromium)…",
    );
    const ok =
      apt(["install", "-y", "--no-install-recommends", "chromium"]) ||
      (apt(["update"]) && apt(["install", "-y", "--no-install-recommends", "chromium"]));
    console.log(ok && onPath() ? `csc-scorecard: Chromium installed: ${onPath()}` : HINT);
  } else {
    console.log(HINT);
  }
} catch {
  console.log(HINT);
}
