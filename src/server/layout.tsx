/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
/**
 * The page frame every screen shares: GOV.UK Frontend's header, the
 * navigation a role may use, and the sign-out form with its CSRF token.
 *
 * Why JSX: hono/jsx escapes every value it renders, so nothing from the data
 * or a query string reaches the page as markup.
 */
import type { Child } from "hono/jsx";
import type { Role } from "../auth/roles.ts";
import { hrefOf } from "./href.ts";

/** Who is signed in, as the frame shows them. */
export interface Viewer {
  name: string;
  role: Role;
  csrf: string;
}

/** The hidden CSRF field every form carries. */
export function Csrf(props: { token: string }) {
  return <input type="hidden" name="_csrf" value={props.token} />;
}

/** A whole page. */
export function Layout(props: {
  title: string;
  council: string;
  viewer?: Viewer;
  /** Go on to this same-site address at once (after single sign-on, so the SameSite=Strict cookie is sent). */
  refreshTo?: string;
  children?: Child;
}) {
  const v = props.viewer;
  return (
    <html lang="en" class="govuk-template">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${props.title} – ${props.council} scorecard`}</title>
        <link rel="stylesheet" href="/assets/govuk-frontend.min.css" />
        <link rel="stylesheet" href="/assets/app.css" />
        {props.refreshTo ? <meta http-equiv="refresh" content={`0; url=${props.refreshTo}`} /> : null}
      </head>
      <body class="govuk-template__body">
        <a href="#main-content" class="govuk-skip-link">
          Skip to main content
        </a>
        <header class="app-header">
          <div class="govuk-width-container">
            <a href={hrefOf("/")} class="govuk-link app-header__link">
              {props.council} scorecard
            </a>
          </div>
        </header>
        <div class="govuk-width-container">
          {v ? (
            <nav class="app-nav" aria-label="Menu">
              <ul class="govuk-list app-nav__list">
                <li>
                  <a class="govuk-link" href={hrefOf("/")}>
                    Scorecard
                  </a>
                </li>
                {v.role === "manager" || v.role === "analyst" ? (
                  <li>
                    <a class="govuk-link" href={hrefOf("/exceptions")}>
                      Exceptions
                    </a>
                  </li>
                ) : null}
                {v.role === "analyst" ? (
                  <li>
                    <a class="govuk-link" href={hrefOf("/data")}>
                      Data
                    </a>
                  </li>
                ) : null}
                {v.role === "admin" ? (
                  <>
                    <li>
                      <a class="govuk-link" href={hrefOf("/admin/users")}>
                        Users
                      </a>
                    </li>
                    <li>
                      <a class="govuk-link" href={hrefOf("/admin/audit")}>
                        Audit log
                      </a>
                    </li>
                  </>
                ) : null}
                <li class="app-nav__user">
                  {v.name} ({v.role})
                  <form method="post" action={hrefOf("/sign-out")} class="app-inline-form">
                    <Csrf token={v.csrf} />
                    <button type="submit" class="govuk-button govuk-button--secondary app-small-button">
                      Sign out
                    </button>
                  </form>
                </li>
              </ul>
            </nav>
          ) : null}
          <main class="govuk-main-wrapper" id="main-content">
            {props.children}
          </main>
        </div>
      </body>
    </html>
  );
}

/** A page saying why a request was refused or not found. */
export function Problem(props: { title: string; message: string; council: string; viewer?: Viewer }) {
  return (
    <Layout title={props.title} council={props.council} viewer={props.viewer}>
      <h1 class="govuk-heading-l">{props.title}</h1>
      <p class="govuk-body">{props.message}</p>
      <p class="govuk-body">
        <a class="govuk-link" href={hrefOf("/")}>
          Back to the scorecard
        </a>
      </p>
    </Layout>
  );
}
