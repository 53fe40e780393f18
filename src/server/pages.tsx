/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
/**
 * The screens of the web application, as server-rendered JSX: sign-in,
 * scorecard, indicator, rows behind a figure, child, users and audit log.
 *
 * Why only layout here: every figure arrives decided (stored, judged,
 * suppressed for the viewer role) from the routes; these only lay it out.
 * Every form works without JavaScript.
 */
import { raw } from "hono/html";
import type { Child } from "hono/jsx";
import type { CommentaryVersion } from "../app/commentary.ts";
import type { ImportRecord } from "../app/import.ts";
import type { AuditRecord } from "../auth/audit.ts";
import type { User } from "../auth/users.ts";
import { PERIOD_TYPE_LABELS, PERIOD_TYPES, type PeriodType } from "../calendar/periods.ts";
import type { Breakdown } from "../engine/breakdown.ts";
import type { FrameworkIndicator } from "../framework/config.ts";
import type { RenderedChart } from "../report/charts/render.ts";
import type { ExceptionRow } from "../report/exceptions.ts";
import type { TimelineEvent } from "./data.ts";
import { CouncilField, hrefOf } from "./href.ts";
import { Csrf, Layout, type Viewer } from "./layout.tsx";

/** A figure as a page shows it: its value in words and, for percentages, the counts. */
export interface ShownFigure {
  value: string;
  counts: string;
}

/** A GOV.UK table's header row: each column's heading, right-aligned where numeric. */
function TableHead(props: { columns: readonly (string | { text: string; numeric: true })[] }) {
  return (
    <thead class="govuk-table__head">
      <tr class="govuk-table__row">
        {props.columns.map((c) =>
          typeof c === "string" ? (
            <th scope="col" class="govuk-table__header">
              {c}
            </th>
          ) : (
            <th scope="col" class="govuk-table__header govuk-table__header--numeric">
              {c.text}
            </th>
          ),
        )}
      </tr>
    </thead>
  );
}

/** A cell of a TableRow: its content, right-aligned where numeric, or with a class of its own. */
type Cell = Child | { numeric: Child } | { class: string; content: Child };

function isCellSpec(c: Cell): c is { numeric: Child } | { class: string; content: Child } {
  return typeof c === "object" && c !== null && !Array.isArray(c) && ("numeric" in c || "content" in c);
}

/** A GOV.UK table's body row, a cell for each entry (TableHead's counterpart). */
function TableRow(props: { cells: readonly Cell[] }) {
  return (
    <tr class="govuk-table__row">
      {props.cells.map((c) =>
        !isCellSpec(c) ? (
          <td class="govuk-table__cell">{c}</td>
        ) : "numeric" in c ? (
          <td class="govuk-table__cell govuk-table__cell--numeric">{c.numeric}</td>
        ) : (
          <td class={`govuk-table__cell ${c.class}`}>{c.content}</td>
        ),
      )}
    </tr>
  );
}

function RagTag(props: { rag: string | null }) {
  if (!props.rag || props.rag === "grey") return <span class="govuk-tag govuk-tag--grey">Not rated</span>;
  const colour = props.rag === "amber" ? "yellow" : props.rag;
  return (
    <span class={`govuk-tag govuk-tag--${colour}`}>{props.rag[0]!.toUpperCase() + props.rag.slice(1)}</span>
  );
}

function ErrorSummary(props: { errors: string[] }) {
  if (props.errors.length === 0) return null;
  return (
    <div class="govuk-error-summary" data-module="govuk-error-summary">
      <div role="alert">
        <h2 class="govuk-error-summary__title">There is a problem</h2>
        <div class="govuk-error-summary__body">
          <ul class="govuk-list govuk-error-summary__list">
            {props.errors.map((e) => (
              <li>{e}</li>
            ))}
          </ul>
        </div>
      </div>
    </div>
  );
}

/** A labelled GOV.UK text input, half width (sign-in, passwords, a new user). */
function TextInput(props: {
  id: string;
  label: string;
  name?: string;
  type: "text" | "password";
  autocomplete?: string;
  spellcheck?: boolean;
  value?: string;
}) {
  return (
    <div class="govuk-form-group">
      <label class="govuk-label" for={props.id}>
        {props.label}
      </label>
      <input
        class="govuk-input govuk-!-width-one-half"
        id={props.id}
        name={props.name ?? props.id}
        type={props.type}
        autocomplete={props.autocomplete}
        spellcheck={props.spellcheck}
        value={props.value}
      />
    </div>
  );
}

/** The sign-in form. */
export function SignInPage(props: {
  council: string;
  token: string;
  errors: string[];
  name?: string;
  sso?: boolean;
}) {
  return (
    <Layout title="Sign in" council={props.council}>
      <ErrorSummary errors={props.errors} />
      <h1 class="govuk-heading-l">Sign in</h1>
      {props.sso ? (
        <>
          <p class="govuk-body">
            <a class="govuk-button" href={hrefOf("/sign-in/oidc")}>
              Sign in with your council account
            </a>
          </p>
          <p class="govuk-body">Or with a scorecard account:</p>
        </>
      ) : null}
      <form method="post" action={hrefOf("/sign-in")} novalidate>
        <Csrf token={props.token} />
        <TextInput
          id="name"
          label="User name"
          type="text"
          autocomplete="username"
          spellcheck={false}
          value={props.name ?? ""}
        />
        <TextInput id="password" label="Password" type="password" autocomplete="current-password" />
        <button type="submit" class="govuk-button">
          Sign in
        </button>
      </form>
    </Layout>
  );
}

/** The form a person with a one-time password uses to choose their own. */
export function SetPasswordPage(props: { council: string; viewer: Viewer; errors: string[] }) {
  return (
    <Layout title="Choose your password" council={props.council} viewer={props.viewer}>
      <ErrorSummary errors={props.errors} />
      <h1 class="govuk-heading-l">Choose your password</h1>
      <p class="govuk-body">
        You signed in with a one-time password. Choose your own: at least 12 characters.
      </p>
      <form method="post" action={hrefOf("/set-password")} novalidate>
        <Csrf token={props.viewer.csrf} />
        <TextInput id="password" label="New password" type="password" autocomplete="new-password" />
        <TextInput id="confirm" label="New password again" type="password" autocomplete="new-password" />
        <button type="submit" class="govuk-button">
          Save password
        </button>
      </form>
    </Layout>
  );
}

/** One service area's lines of the scorecard. */
export interface ScorecardSection {
  title: string;
  rows: ScorecardRow[];
}

/** A line of the scorecard page. */
export interface ScorecardRow {
  fi: FrameworkIndicator;
  figure: ShownFigure | null;
  rag: string | null;
  direction: string | null;
  target: string;
  benchmark: string;
}

function periodQuery(type: PeriodType, end: string): string {
  return `type=${encodeURIComponent(type)}&end=${encodeURIComponent(end)}`;
}

function Select(props: { id: string; label: string; value: string; options: [string, string][] }) {
  return (
    <div class="govuk-form-group app-filter">
      <label class="govuk-label" for={props.id}>
        {props.label}
      </label>
      <select class="govuk-select" id={props.id} name={props.id}>
        {props.options.map(([v, label]) => (
          <option value={v} selected={v === props.value}>
            {label}
          </option>
        ))}
      </select>
    </div>
  );
}

/** The scorecard: the summary by service area for one period, filtered. */
export function ScorecardPage(props: {
  council: string;
  viewer: Viewer;
  type: PeriodType;
  end: string;
  ends: string[];
  types: PeriodType[];
  rag: string;
  area: string;
  areas: string[];
  sections: { title: string; rows: ScorecardRow[] }[];
  suppressed: boolean;
  /** The workspace's councils, when it holds several: a picker (a GET form, `?council=LA`). */
  councils?: { laCode: string; name: string }[];
  laCode?: string;
}) {
  return (
    <Layout title="Scorecard" council={props.council} viewer={props.viewer}>
      <h1 class="govuk-heading-l">Scorecard</h1>
      {props.councils && props.councils.length > 1 ? (
        <form method="get" action={hrefOf("/")} class="app-filters app-council-picker">
          <Select
            id="council"
            label="Council"
            value={props.laCode ?? ""}
            options={props.councils.map((c): [string, string] => [c.laCode, `${c.name} (${c.laCode})`])}
          />
          <button type="submit" class="govuk-button govuk-button--secondary app-filter-button">
            Show council
          </button>
        </form>
      ) : null}
      <form method="get" action={hrefOf("/")} class="app-filters">
        <CouncilField />
        <Select
          id="type"
          label="Period type"
          value={props.type}
          options={PERIOD_TYPES.filter((t) => props.types.includes(t)).map((t) => [t, PERIOD_TYPE_LABELS[t]])}
        />
        <Select id="end" label="Period ending" value={props.end} options={props.ends.map((e) => [e, e])} />
        <Select
          id="rag"
          label="RAG"
          value={props.rag}
          options={[
            ["", "All"],
            ["red", "Red"],
            ["amber", "Amber"],
            ["green", "Green"],
            ["none", "Not rated"],
          ]}
        />
        <Select
          id="area"
          label="Service area"
          value={props.area}
          options={[["", "All"], ...props.areas.map((a): [string, string] => [a, a])]}
        />
        <button type="submit" class="govuk-button govuk-button--secondary app-filter-button">
          Show
        </button>
      </form>
      {props.suppressed ? (
        <p class="govuk-inset-text">
          Counts of 1 to 4 are shown as &lt;5, and the figures they would reveal are left blank.
        </p>
      ) : null}
      {sectionTables(props.sections, props.type, props.end)}
    </Layout>
  );
}

/**
 * The scorecard's tables as HTML, kept per sections array: the server hands
 * every view of the same period, filters and suppression the same array.
 */
const renderedSections = new WeakMap<readonly ScorecardSection[], { key: string; html: string }>();
function sectionTables(sections: readonly ScorecardSection[], type: PeriodType, end: string) {
  // the links carry the council the URL names, if any (href.ts): one array, two renderings
  const key = `${type}|${end}|${hrefOf("")}`;
  let held = renderedSections.get(sections);
  if (held?.key !== key) {
    held = {
      key,
      html: sections
        .map((s) =>
          String(
            <section
              class="app-table-wrap"
              tabindex={0}
              aria-label="Table, scrolls sideways on a narrow screen"
            >
              <table class="govuk-table">
                <caption class="govuk-table__caption govuk-table__caption--m">{s.title}</caption>
                <TableHead
                  columns={[
                    "Ref",
                    "Indicator",
                    { text: "Figure", numeric: true },
                    "RAG",
                    "Direction",
                    "Target",
                    "Benchmark",
                  ]}
                />
                <tbody class="govuk-table__body">
                  {s.rows.map((r) => {
                    const href = `/indicator/${encodeURIComponent(r.fi.id)}?${periodQuery(type, end)}`;
                    return (
                      <TableRow
                        cells={[
                          r.fi.ref,
                          <a class="govuk-link" href={hrefOf(href)}>
                            {r.fi.title}
                          </a>,
                          {
                            numeric: (
                              <>
                                {r.figure ? (
                                  <a
                                    class="govuk-link"
                                    href={hrefOf(href)}
                                    aria-label={`${r.fi.title}: ${r.figure.value}`}
                                  >
                                    {r.figure.value}
                                  </a>
                                ) : (
                                  "not yet available"
                                )}
                                {r.figure?.counts ? <span class="app-counts">{r.figure.counts}</span> : null}
                              </>
                            ),
                          },
                          <RagTag rag={r.rag} />,
                          r.direction ?? "",
                          r.target,
                          r.benchmark,
                        ]}
                      />
                    );
                  })}
                </tbody>
              </table>
            </section>,
          ),
        )
        .join(""),
    };
    renderedSections.set(sections, held);
  }
  return raw(held.html);
}

/** A month of the indicator's figures table. */
export interface FigureRow {
  end: string;
  figure: ShownFigure;
  rag: string | null;
}

/** One indicator: definition, trend, figures, breakdown, and the way to its rows. */
export function IndicatorPage(props: {
  council: string;
  viewer: Viewer;
  fi: FrameworkIndicator;
  type: PeriodType;
  end: string;
  current: ShownFigure | null;
  chart: RenderedChart | null;
  figures: FigureRow[];
  dimensions: string[];
  by: string;
  breakdown: {
    unit: Breakdown["unit"];
    cells: { label: string; value: string; counts: string }[];
    total: { value: string; counts: string };
  } | null;
  canSeeRows: boolean;
  suppressed: boolean;
  /** The benchmarks of the figure, in words: [label, value]. */
  benchmarks: [string, string][];
  /** The report's narrative sentences of the figure. */
  narrative: string[];
  /** Every version of the period's commentary, oldest first. */
  commentary: CommentaryVersion[];
  /** The viewer may write the period's commentary. */
  canComment: boolean;
}) {
  const q = periodQuery(props.type, props.end);
  const latest = props.commentary.at(-1);
  const id = encodeURIComponent(props.fi.id);
  return (
    <Layout title={props.fi.title} council={props.council} viewer={props.viewer}>
      <span class="govuk-caption-l">
        {props.fi.ref} · {PERIOD_TYPE_LABELS[props.type]} ending {props.end}
      </span>
      <h1 class="govuk-heading-l">{props.fi.title}</h1>
      <p class="govuk-body-l">
        {props.current ? props.current.value : "No figure for this period"}
        {props.current?.counts ? ` (${props.current.counts})` : ""}
      </p>
      {props.suppressed ? (
        <p class="govuk-inset-text">
          Counts of 1 to 4 are shown as &lt;5, and the figures they would reveal are left blank.
        </p>
      ) : null}
      {props.narrative.length ? (
        <>
          <h2 class="govuk-heading-m">What the figures say</h2>
          {props.narrative.map((t) => (
            <p class="govuk-body">{t}</p>
          ))}
        </>
      ) : null}
      <h2 class="govuk-heading-m" id="commentary">
        Commentary
      </h2>
      {latest ? (
        <div class="govuk-inset-text app-commentary">
          <p class="govuk-body">{latest.text}</p>
          <p class="govuk-body-s">
            {latest.author}, {latest.writtenAt.slice(0, 16).replace("T", " ")} UTC
          </p>
        </div>
      ) : (
        <p class="govuk-body">No commentary has been written for this period.</p>
      )}
      {props.commentary.length > 1 ? (
        <details class="govuk-details">
          <summary class="govuk-details__summary">
            <span class="govuk-details__summary-text">Earlier versions ({props.commentary.length - 1})</span>
          </summary>
          <div class="govuk-details__text">
            {props.commentary
              .slice(0, -1)
              .reverse()
              .map((v) => (
                <div class="app-commentary-version">
                  <p class="govuk-body">{v.text}</p>
                  <p class="govuk-body-s">
                    {v.author}, {v.writtenAt.slice(0, 16).replace("T", " ")} UTC
                  </p>
                </div>
              ))}
          </div>
        </details>
      ) : null}
      {props.canComment ? (
        <form method="post" action={hrefOf(`/indicator/${id}/commentary`)}>
          <Csrf token={props.viewer.csrf} />
          <input type="hidden" name="type" value={props.type} />
          <input type="hidden" name="end" value={props.end} />
          <div class="govuk-form-group">
            <label class="govuk-label govuk-label--s" for="commentary-text">
              {latest ? "Edit the commentary" : "Write the commentary"}
            </label>
            <div class="govuk-hint" id="commentary-hint">
              Shown in the report for this period. Earlier versions are kept.
            </div>
            <textarea
              class="govuk-textarea"
              id="commentary-text"
              name="text"
              rows={5}
              maxlength={5000}
              aria-describedby="commentary-hint"
            >
              {latest?.text ?? ""}
            </textarea>
          </div>
          <button type="submit" class="govuk-button">
            Save commentary
          </button>
        </form>
      ) : null}
      <h2 class="govuk-heading-m">Definition</h2>
      <p class="govuk-body">{props.fi.indicator.definition}</p>
      {props.canSeeRows && props.current ? (
        <p class="govuk-body">
          <a class="govuk-link" href={hrefOf(`/indicator/${id}/rows?${q}`)}>
            The children and events behind this figure
          </a>
        </p>
      ) : null}
      {props.chart ? (
        <>
          <h2 class="govuk-heading-m">Trend</h2>
          <figure class="app-chart" aria-label={props.chart.description}>
            {raw(props.chart.svg)}
            <figcaption class="govuk-body-s">{props.chart.description}</figcaption>
          </figure>
        </>
      ) : null}
      {props.benchmarks.length ? (
        <>
          <h2 class="govuk-heading-m">Benchmarks</h2>
          <dl class="govuk-summary-list">
            {props.benchmarks.map(([label, value]) => (
              <div class="govuk-summary-list__row">
                <dt class="govuk-summary-list__key">{label}</dt>
                <dd class="govuk-summary-list__value">{value}</dd>
              </div>
            ))}
          </dl>
        </>
      ) : null}
      <h2 class="govuk-heading-m">Figures by month</h2>
      <section class="app-table-wrap" tabindex={0} aria-label="Table, scrolls sideways on a narrow screen">
        <table class="govuk-table">
          <TableHead columns={["Month ending", { text: "Figure", numeric: true }, "Counts", "RAG"]} />
          <tbody class="govuk-table__body">
            {props.figures.map((f) => (
              <TableRow
                cells={[
                  <a class="govuk-link" href={hrefOf(`/indicator/${id}?${periodQuery("month", f.end)}`)}>
                    {f.end}
                  </a>,
                  { numeric: f.figure.value },
                  f.figure.counts,
                  <RagTag rag={f.rag} />,
                ]}
              />
            ))}
          </tbody>
        </table>
      </section>
      {props.dimensions.length ? (
        <>
          <h2 class="govuk-heading-m">Breakdown</h2>
          <form method="get" action={hrefOf(`/indicator/${id}`)} class="app-filters">
            <CouncilField />
            <input type="hidden" name="type" value={props.type} />
            <input type="hidden" name="end" value={props.end} />
            <Select
              id="by"
              label="Break down by"
              value={props.by}
              options={props.dimensions.map((d) => [d, d.replace(/_/g, " ")])}
            />
            <button type="submit" class="govuk-button govuk-button--secondary app-filter-button">
              Show
            </button>
          </form>
          {props.breakdown ? (
            <section
              class="app-table-wrap"
              tabindex={0}
              aria-label="Table, scrolls sideways on a narrow screen"
            >
              <table class="govuk-table">
                <thead class="govuk-table__head">
                  <tr class="govuk-table__row">
                    <th scope="col" class="govuk-table__header">
                      {props.by.replace(/_/g, " ")}
                    </th>
                    <th scope="col" class="govuk-table__header govuk-table__header--numeric">
                      Figure
                    </th>
                    <th scope="col" class="govuk-table__header">
                      Counts
                    </th>
                  </tr>
                </thead>
                <tbody class="govuk-table__body">
                  {props.breakdown.cells.map((c) => (
                    <TableRow cells={[c.label, { numeric: c.value }, c.counts]} />
                  ))}
                  <tr class="govuk-table__row app-total">
                    <th scope="row" class="govuk-table__header">
                      Total
                    </th>
                    <td class="govuk-table__cell govuk-table__cell--numeric">
                      {props.breakdown.total.value}
                    </td>
                    <td class="govuk-table__cell">{props.breakdown.total.counts}</td>
                  </tr>
                </tbody>
              </table>
            </section>
          ) : null}
        </>
      ) : null}
    </Layout>
  );
}

/** A row behind a figure as the rows page shows it. */
export interface ShownRow {
  child_id: string;
  event_id: string;
  date: string;
  /** When what the row counts against was due, where the indicator's rows carry one (explain's due_date); else undefined. */
  due_date?: string;
  in_numerator: boolean;
  in_denominator: boolean;
  value: string;
  reason: string;
  team: string;
  worker: string;
}

/** The columns the rows page sorts by. */
export const ROW_SORTS = [
  "date",
  "due_date",
  "child_id",
  "event_id",
  "team",
  "worker",
  "in_numerator",
  "reason",
] as const;
/** Which rows the rows page shows. */
export const ROW_SHOWS = ["all", "numerator", "not-numerator", "excluded"] as const;

/** The rows behind a figure, one page of them. */
export function RowsPage(props: {
  council: string;
  viewer: Viewer;
  fi: FrameworkIndicator;
  type: PeriodType;
  end: string;
  period: { start: string; end: string };
  /** This page's rows. */
  rows: readonly ShownRow[];
  /** The rows the filter keeps, on every page. */
  matching: number;
  /** The rows behind the figure that the viewer may see (before the filter). */
  visible: number;
  total: number;
  teamsOnly: string[] | null;
  sort: string;
  order: "asc" | "desc";
  show: string;
  /** This page's number, from 1, and how many pages there are. */
  page: number;
  pages: number;
  /** The number of this page's first row, from 1. */
  first: number;
  /** The indicator's rows carry a due date (a column of its own). */
  hasDue: boolean;
}) {
  const id = encodeURIComponent(props.fi.id);
  const base = `/indicator/${id}/rows?${periodQuery(props.type, props.end)}&show=${encodeURIComponent(props.show)}`;
  const sorted = props.sort ? `${base}&sort=${props.sort}&order=${props.order}` : base;
  const sortLink = (col: string, label: string) => {
    const next = props.sort === col && props.order === "asc" ? "desc" : "asc";
    const state = props.sort === col ? (props.order === "asc" ? "ascending" : "descending") : "none";
    return (
      <th scope="col" class="govuk-table__header" aria-sort={state}>
        <a class="govuk-link" href={hrefOf(`${base}&sort=${col}&order=${next}`)}>
          {label}
        </a>
      </th>
    );
  };
  const last = props.first + props.rows.length - 1;
  return (
    <Layout
      title={`Rows behind ${props.fi.title}${props.pages > 1 ? ` (page ${props.page} of ${props.pages})` : ""}`}
      council={props.council}
      viewer={props.viewer}
    >
      <span class="govuk-caption-l">
        {props.fi.ref} · {PERIOD_TYPE_LABELS[props.type]} {props.period.start} to {props.period.end}
      </span>
      <h1 class="govuk-heading-l">Rows behind: {props.fi.title}</h1>
      <p class="govuk-body app-rows-count">
        {props.matching} of {props.total} rows shown
        {props.teamsOnly ? ` (your teams only: ${props.teamsOnly.join(", ")})` : ""}
        {props.pages > 1 ? `; rows ${props.first} to ${last} on this page` : ""}.{" "}
        <a
          class="govuk-link"
          href={hrefOf(`/indicator/${id}/rows.csv?${periodQuery(props.type, props.end)}`)}
        >
          Download all {props.visible} rows as CSV
        </a>{" "}
        or{" "}
        <a
          class="govuk-link"
          href={hrefOf(`/indicator/${id}/rows.xlsx?${periodQuery(props.type, props.end)}`)}
        >
          as XLSX
        </a>
      </p>
      <form method="get" action={hrefOf(`/indicator/${id}/rows`)} class="app-filters">
        <CouncilField />
        <input type="hidden" name="type" value={props.type} />
        <input type="hidden" name="end" value={props.end} />
        <input type="hidden" name="sort" value={props.sort} />
        <input type="hidden" name="order" value={props.order} />
        <Select
          id="show"
          label="Show"
          value={props.show}
          options={[
            ["all", "All rows"],
            ["numerator", "In the numerator"],
            ["not-numerator", "Not in the numerator"],
            ["excluded", "Excluded, with the reason"],
          ]}
        />
        <button type="submit" class="govuk-button govuk-button--secondary app-filter-button">
          Show
        </button>
      </form>
      <section class="app-table-wrap" tabindex={0} aria-label="Table, scrolls sideways on a narrow screen">
        <table class="govuk-table app-rows">
          <thead class="govuk-table__head">
            <tr class="govuk-table__row">
              {sortLink("child_id", "Child")}
              {sortLink("event_id", "Event")}
              {sortLink("date", "Date")}
              {props.hasDue ? sortLink("due_date", "Due") : null}
              {sortLink("in_numerator", "Numerator")}
              <th scope="col" class="govuk-table__header">
                Denominator
              </th>
              <th scope="col" class="govuk-table__header">
                Value
              </th>
              {sortLink("reason", "Reason")}
              {sortLink("team", "Team")}
              {sortLink("worker", "Worker")}
            </tr>
          </thead>
          <tbody class="govuk-table__body">{rowsBody(props.rows)}</tbody>
        </table>
      </section>
      <Pagination page={props.page} pages={props.pages} href={(n) => `${sorted}&page=${n}`} />
    </Layout>
  );
}

/** The page numbers a pagination bar lists: the first, the last, and the current one with its neighbours; null for a gap. */
export function pageNumbers(page: number, pages: number): (number | null)[] {
  const out: (number | null)[] = [];
  for (let n = 1; n <= pages; n++) {
    if (n === 1 || n === pages || Math.abs(n - page) <= 1) out.push(n);
    else if (out.at(-1) !== null) out.push(null);
  }
  return out;
}

/** GOV.UK's pagination component: links to the previous, next and numbered pages (none when one page). */
function Pagination(props: { page: number; pages: number; href: (n: number) => string }) {
  if (props.pages <= 1) return null;
  const { page, pages } = props;
  return (
    <nav class="govuk-pagination" aria-label="Pages of rows">
      {page > 1 ? (
        <div class="govuk-pagination__prev">
          <a class="govuk-link govuk-pagination__link" href={hrefOf(props.href(page - 1))} rel="prev">
            <svg
              class="govuk-pagination__icon govuk-pagination__icon--prev"
              xmlns="http://www.w3.org/2000/svg"
              height="13"
              width="15"
              aria-hidden="true"
              focusable="false"
              viewBox="0 0 15 13"
            >
              <path d="m6.5938-0.0078125-6.7266 6.7266 6.7441 6.4062 1.377-1.449-4.1856-3.9768h12.896v-2h-12.984l4.2931-4.293-1.414-1.414z" />
            </svg>
            <span class="govuk-pagination__link-title">
              Previous<span class="govuk-visually-hidden"> page</span>
            </span>
          </a>
        </div>
      ) : null}
      <ul class="govuk-pagination__list">
        {pageNumbers(page, pages).map((n) =>
          n === null ? (
            <li class="govuk-pagination__item govuk-pagination__item--ellipses">⋯</li>
          ) : n === page ? (
            <li class="govuk-pagination__item govuk-pagination__item--current">
              <a
                class="govuk-link govuk-pagination__link"
                href={hrefOf(props.href(n))}
                aria-label={`Page ${n}`}
                aria-current="page"
              >
                {n}
              </a>
            </li>
          ) : (
            <li class="govuk-pagination__item">
              <a
                class="govuk-link govuk-pagination__link"
                href={hrefOf(props.href(n))}
                aria-label={`Page ${n}`}
              >
                {n}
              </a>
            </li>
          ),
        )}
      </ul>
      {page < pages ? (
        <div class="govuk-pagination__next">
          <a class="govuk-link govuk-pagination__link" href={hrefOf(props.href(page + 1))} rel="next">
            <span class="govuk-pagination__link-title">
              Next<span class="govuk-visually-hidden"> page</span>
            </span>
            <svg
              class="govuk-pagination__icon govuk-pagination__icon--next"
              xmlns="http://www.w3.org/2000/svg"
              height="13"
              width="15"
              aria-hidden="true"
              focusable="false"
              viewBox="0 0 15 13"
            >
              <path d="m8.107-0.0078125-1.4136 1.414 4.2926 4.293h-12.986v2h12.896l-4.1855 3.9766 1.377 1.4492 6.7441-6.4062-6.7246-6.7266z" />
            </svg>
          </a>
        </div>
      ) : null}
    </nav>
  );
}

/**
 * The drill-down's table rows as HTML, kept per rows array: the server
 * hands every view of the same figure, filter and sort the same array, and
 * a table of a thousand rows is most of the page's rendering time.
 */
const renderedRows = new WeakMap<readonly ShownRow[], { key: string; html: string }>();
function rowsBody(rows: readonly ShownRow[]) {
  // the links carry the council the URL names, if any (href.ts)
  const key = hrefOf("");
  let held = renderedRows.get(rows);
  if (held?.key !== key) {
    const body = rows
      .map((r) =>
        String(
          <TableRow
            cells={[
              <a class="govuk-link" href={hrefOf(`/child/${encodeURIComponent(r.child_id)}`)}>
                {r.child_id}
              </a>,
              r.event_id,
              r.date,
              ...(r.due_date === undefined ? [] : [r.due_date]),
              r.in_numerator ? "Yes" : "No",
              r.in_denominator ? "Yes" : "No",
              r.value,
              r.reason,
              r.team,
              r.worker,
            ]}
          />,
        ),
      )
      .join("");
    held = { key, html: body };
    renderedRows.set(rows, held);
  }
  return raw(held.html);
}

/** A row behind a figure about the child, as the child page shows it. */
export interface ShownCount {
  indicator: string;
  title: string;
  event_id: string;
  date: string;
  how: string;
}

/** One child's records over time, with the indicators each counts in for the chosen period. */
export function ChildPage(props: {
  council: string;
  viewer: Viewer;
  childId: string;
  events: TimelineEvent[];
  type: PeriodType;
  end: string;
  types: PeriodType[];
  ends: string[];
  counts: ShownCount[];
}) {
  const byEvent = new Map<string, ShownCount[]>();
  for (const x of props.counts) byEvent.set(x.event_id, [...(byEvent.get(x.event_id) ?? []), x]);
  const period = `${PERIOD_TYPE_LABELS[props.type]} ending ${props.end}`;
  return (
    <Layout title="Child" council={props.council} viewer={props.viewer}>
      <span class="govuk-caption-l">Child</span>
      <h1 class="govuk-heading-l">{props.childId}</h1>
      <form method="get" action={hrefOf(`/child/${encodeURIComponent(props.childId)}`)} class="app-filters">
        <CouncilField />
        <Select
          id="type"
          label="Period type"
          value={props.type}
          options={PERIOD_TYPES.filter((t) => props.types.includes(t)).map((t) => [t, PERIOD_TYPE_LABELS[t]])}
        />
        <Select id="end" label="Period ending" value={props.end} options={props.ends.map((e) => [e, e])} />
        <button type="submit" class="govuk-button govuk-button--secondary app-filter-button">
          Show
        </button>
      </form>
      <h2 class="govuk-heading-m">In the figures: {period}</h2>
      {props.counts.length === 0 ? (
        <p class="govuk-body">This child is in no indicator's rows for this period.</p>
      ) : (
        <section class="app-table-wrap" tabindex={0} aria-label="Table, scrolls sideways on a narrow screen">
          <table class="govuk-table">
            <TableHead columns={["Indicator", "Event", "Date", "Counts"]} />
            <tbody class="govuk-table__body">
              {props.counts.map((x) => (
                <TableRow
                  cells={[
                    <a
                      class="govuk-link"
                      href={hrefOf(
                        `/indicator/${encodeURIComponent(x.indicator)}?${periodQuery(props.type, props.end)}`,
                      )}
                    >
                      {x.title}
                    </a>,
                    x.event_id,
                    x.date,
                    x.how,
                  ]}
                />
              ))}
            </tbody>
          </table>
        </section>
      )}
      <h2 class="govuk-heading-m">Timeline</h2>
      {props.events.length === 0 ? <p class="govuk-body">No records for this child.</p> : null}
      <ol class="govuk-list app-timeline">
        {props.events.map((e) => (
          <li class="app-timeline__item">
            <h3 class="govuk-heading-s">
              {e.date ?? "Undated"}: {e.what} {e.id}
            </h3>
            {byEvent.has(e.id) ? (
              <p class="govuk-body-s app-counts-in">
                Counts in ({period}):{" "}
                {byEvent
                  .get(e.id)!
                  .map((x) => `${x.title} (${x.how})`)
                  .join("; ")}
              </p>
            ) : null}
            <dl class="govuk-summary-list govuk-summary-list--no-border app-details">
              {e.details.map((d) => (
                <div class="govuk-summary-list__row">
                  <dt class="govuk-summary-list__key">{d.label}</dt>
                  <dd class="govuk-summary-list__value">{d.value}</dd>
                </div>
              ))}
            </dl>
          </li>
        ))}
      </ol>
    </Layout>
  );
}

/** One user's Reset or Remove button: a form of its own posting to the admin route, named for screen readers. */
function UserAction(props: { user: string; action: "reset" | "remove"; csrf: string }) {
  return (
    <form
      method="post"
      action={hrefOf(`/admin/users/${encodeURIComponent(props.user)}/${props.action}`)}
      class="app-inline-form"
    >
      <Csrf token={props.csrf} />
      <button
        type="submit"
        class={`govuk-button ${props.action === "reset" ? "govuk-button--secondary" : "govuk-button--warning"} app-small-button`}
      >
        {props.action === "reset" ? "Reset" : "Remove"}
        <span class="govuk-visually-hidden"> {props.user}</span>
      </button>
    </form>
  );
}

/** The users page: every account, and forms to add, reset and remove. */
export function UsersPage(props: {
  council: string;
  viewer: Viewer;
  users: User[];
  message?: string;
  errors: string[];
}) {
  return (
    <Layout title="Users" council={props.council} viewer={props.viewer}>
      <ErrorSummary errors={props.errors} />
      {props.message ? (
        <div class="govuk-panel govuk-panel--confirmation app-panel">
          <div class="govuk-panel__body">{props.message}</div>
        </div>
      ) : null}
      <h1 class="govuk-heading-l">Users</h1>
      <section class="app-table-wrap" tabindex={0} aria-label="Table, scrolls sideways on a narrow screen">
        <table class="govuk-table">
          <TableHead columns={["Name", "Role", "Teams", "State", "Actions"]} />
          <tbody class="govuk-table__body">
            {props.users.map((u) => (
              <TableRow
                cells={[
                  u.name,
                  u.role,
                  u.teams.join(", "),
                  u.lockedUntil && u.lockedUntil > Date.now()
                    ? "Locked"
                    : u.mustSetPassword
                      ? "Password not yet chosen"
                      : "Active",
                  <>
                    <UserAction user={u.name} action="reset" csrf={props.viewer.csrf} />
                    {u.name !== props.viewer.name ? (
                      <UserAction user={u.name} action="remove" csrf={props.viewer.csrf} />
                    ) : null}
                  </>,
                ]}
              />
            ))}
          </tbody>
        </table>
      </section>
      <h2 class="govuk-heading-m">Add a user</h2>
      <form method="post" action={hrefOf("/admin/users")} novalidate>
        <Csrf token={props.viewer.csrf} />
        <TextInput id="new-name" label="User name" name="name" type="text" spellcheck={false} />
        <Select
          id="role"
          label="Role"
          value="viewer"
          options={[
            ["viewer", "Viewer: figures only, small numbers suppressed"],
            ["manager", "Manager: figures, and the children of their teams"],
            ["analyst", "Analyst: all children"],
            ["admin", "Admin: users and the audit log"],
          ]}
        />
        <TextInput
          id="teams"
          label="Teams (managers only; team ids separated by commas)"
          type="text"
          spellcheck={false}
        />
        <button type="submit" class="govuk-button">
          Add user
        </button>
      </form>
    </Layout>
  );
}

/** The audit log, filtered, newest first. */
export function AuditPage(props: {
  council: string;
  viewer: Viewer;
  records: AuditRecord[];
  filter: { user: string; child: string; action: string; from: string; to: string };
  csvHref: string;
}) {
  const f = props.filter;
  const input = (id: keyof typeof f, label: string, type = "text") => (
    <div class="govuk-form-group app-filter">
      <label class="govuk-label" for={id}>
        {label}
      </label>
      <input class="govuk-input" id={id} name={id} type={type} value={f[id]} spellcheck={false} />
    </div>
  );
  return (
    <Layout title="Audit log" council={props.council} viewer={props.viewer}>
      <h1 class="govuk-heading-l">Audit log</h1>
      <form method="get" action={hrefOf("/admin/audit")} class="app-filters">
        <CouncilField />
        {input("user", "User")}
        {input("child", "Child id")}
        {input("action", "Action")}
        {input("from", "From (YYYY-MM-DD)")}
        {input("to", "To (YYYY-MM-DD)")}
        <button type="submit" class="govuk-button govuk-button--secondary app-filter-button">
          Filter
        </button>
      </form>
      <p class="govuk-body">
        {props.records.length} entries.{" "}
        <a class="govuk-link" href={hrefOf(props.csvHref)}>
          Download as CSV
        </a>
      </p>
      <section class="app-table-wrap" tabindex={0} aria-label="Table, scrolls sideways on a narrow screen">
        <table class="govuk-table">
          <TableHead
            columns={[
              "When (UTC)",
              "Who",
              "Action",
              "Outcome",
              "Route",
              "Indicator and period",
              "Children",
              "Detail",
            ]}
          />
          <tbody class="govuk-table__body">
            {props.records.map((r) => (
              <TableRow
                cells={[
                  r.at,
                  r.user ? `${r.user} (${r.role})` : "not signed in",
                  r.action,
                  r.outcome,
                  r.route ?? "",
                  [r.indicator, r.period].filter(Boolean).join(" "),
                  {
                    class: "app-children",
                    content: (
                      <>
                        {r.childCount === null
                          ? ""
                          : `${r.childCount}${r.childIds && r.childCount <= 5 ? `: ${r.childIds}` : ""}`}
                      </>
                    ),
                  },
                  r.detail ?? "",
                ]}
              />
            ))}
          </tbody>
        </table>
      </section>
    </Layout>
  );
}

/** A list as the exceptions page summarises it. */
export interface ShownList {
  name: string;
  title: string;
  count: number;
  reconciliation: string;
}

/** The exception lists for the weekly meeting, filtered by list, team and worker. */
export function ExceptionsPage(props: {
  council: string;
  viewer: Viewer;
  end: string;
  ends: string[];
  lists: ShownList[];
  list: string;
  team: string;
  teams: string[];
  worker: string;
  workers: string[];
  teamsOnly: string[] | null;
  rows: ExceptionRow[];
  query: string;
}) {
  return (
    <Layout title="Exceptions" council={props.council} viewer={props.viewer}>
      <h1 class="govuk-heading-l">Exceptions at {props.end}</h1>
      {props.teamsOnly ? (
        <p class="govuk-inset-text">Your teams only: {props.teamsOnly.join(", ")}.</p>
      ) : null}
      <form method="get" action={hrefOf("/exceptions")} class="app-filters">
        <CouncilField />
        <Select id="end" label="Month ending" value={props.end} options={props.ends.map((e) => [e, e])} />
        <Select
          id="list"
          label="List"
          value={props.list}
          options={[["", "All lists"], ...props.lists.map((l): [string, string] => [l.name, l.title])]}
        />
        <Select
          id="team"
          label="Team"
          value={props.team}
          options={[["", "All teams"], ...props.teams.map((t): [string, string] => [t, t])]}
        />
        <Select
          id="worker"
          label="Worker"
          value={props.worker}
          options={[["", "All workers"], ...props.workers.map((w): [string, string] => [w, w])]}
        />
        <button type="submit" class="govuk-button govuk-button--secondary app-filter-button">
          Show
        </button>
      </form>
      <p class="govuk-body">
        Download these rows:{" "}
        <a class="govuk-link" href={hrefOf(`/exceptions.csv?${props.query}`)}>
          CSV
        </a>{" "}
        ·{" "}
        <a class="govuk-link" href={hrefOf(`/exceptions.xlsx?${props.query}`)}>
          Excel workbook
        </a>
      </p>
      <section class="app-table-wrap" tabindex={0} aria-label="Table, scrolls sideways on a narrow screen">
        <table class="govuk-table">
          <caption class="govuk-table__caption govuk-table__caption--m">Lists</caption>
          <TableHead columns={["List", { text: "Children's events", numeric: true }, "Against the figure"]} />
          <tbody class="govuk-table__body">
            {props.lists.map((l) => (
              <TableRow
                cells={[
                  <a
                    class="govuk-link"
                    href={hrefOf(`/exceptions?end=${props.end}&list=${encodeURIComponent(l.name)}`)}
                  >
                    {l.title}
                  </a>,
                  { numeric: l.count },
                  l.reconciliation,
                ]}
              />
            ))}
          </tbody>
        </table>
      </section>
      <section class="app-table-wrap" tabindex={0} aria-label="Table, scrolls sideways on a narrow screen">
        <table class="govuk-table">
          <caption class="govuk-table__caption govuk-table__caption--m">{props.rows.length} rows</caption>
          <TableHead
            columns={[
              "List",
              "Team",
              "Worker",
              "Child",
              "Event",
              "Due",
              { text: "Days overdue", numeric: true },
            ]}
          />
          <tbody class="govuk-table__body">
            {props.rows.map((r) => (
              <TableRow
                cells={[
                  r.list,
                  r.team,
                  r.worker,
                  <a class="govuk-link" href={hrefOf(`/child/${encodeURIComponent(r.child_id)}`)}>
                    {r.child_id}
                  </a>,
                  r.event,
                  r.due_date ?? "",
                  { numeric: <>{r.days_overdue === null ? "" : `${r.days_overdue} ${r.measure}`}</> },
                ]}
              />
            ))}
          </tbody>
        </table>
      </section>
    </Layout>
  );
}

/** The data page: the coverage of the data, and past imports with a way to undo each. */
export function DataPage(props: {
  council: string;
  viewer: Viewer;
  coverage: { from: string; to: string } | null;
  imports: ImportRecord[];
  message?: string;
}) {
  return (
    <Layout title="Data" council={props.council} viewer={props.viewer}>
      {props.message ? (
        <div class="govuk-panel govuk-panel--confirmation app-panel">
          <div class="govuk-panel__body">{props.message}</div>
        </div>
      ) : null}
      <h1 class="govuk-heading-l">Data</h1>
      <p class="govuk-body">
        {props.coverage
          ? `The data covers ${props.coverage.from} to ${props.coverage.to}.`
          : "The workspace holds no data for the council yet."}
      </p>
      <h2 class="govuk-heading-m">Import files</h2>
      <form method="post" action={hrefOf("/data/upload")} enctype="multipart/form-data" novalidate>
        <Csrf token={props.viewer.csrf} />
        <div class="govuk-form-group">
          <label class="govuk-label" for="files">
            Annex A, CIN census, SSDA903 or SSD files
          </label>
          <div class="govuk-hint" id="files-hint">
            They are checked first; nothing is imported until you confirm.
          </div>
          <input
            class="govuk-file-upload"
            id="files"
            name="files"
            type="file"
            multiple
            aria-describedby="files-hint"
          />
        </div>
        <button type="submit" class="govuk-button govuk-button--secondary">
          Check the files
        </button>
      </form>
      <h2 class="govuk-heading-m">Imports</h2>
      {props.imports.length === 0 ? (
        <p class="govuk-body">No imports yet (the demo's data is generated).</p>
      ) : null}
      <section class="app-table-wrap" tabindex={0} aria-label="Table, scrolls sideways on a narrow screen">
        <table class="govuk-table">
          <TableHead
            columns={["Import", "When", "Files", { text: "Records added", numeric: true }, "Issues", "State"]}
          />
          <tbody class="govuk-table__body">
            {[...props.imports].reverse().map((i) => (
              <TableRow
                cells={[
                  i.id,
                  i.when.slice(0, 19).replace("T", " "),
                  i.files.map((f) => (
                    <span class="app-counts">
                      {f.path.split(/[\\/]/).at(-1)} ({f.format})
                    </span>
                  )),
                  { numeric: Object.values(i.counts).reduce((a, c) => a + c.added, 0) },
                  <>
                    {i.errors} errors, {i.warnings} warnings
                  </>,
                  i.undone ? (
                    `undone ${i.undone.slice(0, 10)}`
                  ) : (
                    <form method="post" action={hrefOf(`/data/imports/${i.id}/undo`)} class="app-inline-form">
                      <Csrf token={props.viewer.csrf} />
                      <button type="submit" class="govuk-button govuk-button--warning app-small-button">
                        Undo<span class="govuk-visually-hidden"> import {i.id}</span>
                      </button>
                    </form>
                  ),
                ]}
              />
            ))}
          </tbody>
        </table>
      </section>
    </Layout>
  );
}

/** What checking uploaded files found, and the form that confirms the import. */
export function CheckedPage(props: {
  council: string;
  viewer: Viewer;
  token: string;
  files: { name: string; format: string }[];
  counts: { table: string; read: number; rejected: number }[];
  issues: { where: string; rule: string; message: string; value: string; severity: string }[];
  totalIssues: number;
}) {
  return (
    <Layout title="Check the files" council={props.council} viewer={props.viewer}>
      <h1 class="govuk-heading-l">Check the files before importing</h1>
      <ul class="govuk-list govuk-list--bullet">
        {props.files.map((f) => (
          <li>
            {f.name} ({f.format})
          </li>
        ))}
      </ul>
      <section class="app-table-wrap" tabindex={0} aria-label="Table, scrolls sideways on a narrow screen">
        <table class="govuk-table">
          <caption class="govuk-table__caption govuk-table__caption--m">Records</caption>
          <TableHead
            columns={["Table", { text: "Read", numeric: true }, { text: "Rejected", numeric: true }]}
          />
          <tbody class="govuk-table__body">
            {props.counts.map((c) => (
              <TableRow cells={[c.table, { numeric: c.read }, { numeric: c.rejected }]} />
            ))}
          </tbody>
        </table>
      </section>
      <h2 class="govuk-heading-m">
        {props.totalIssues} issues
        {props.totalIssues > props.issues.length ? ` (the first ${props.issues.length} shown)` : ""}
      </h2>
      <section class="app-table-wrap" tabindex={0} aria-label="Table, scrolls sideways on a narrow screen">
        <table class="govuk-table">
          <TableHead columns={["Where", "Rule", "Severity", "Value", "Issue"]} />
          <tbody class="govuk-table__body">
            {props.issues.map((i) => (
              <TableRow cells={[i.where, i.rule, i.severity, i.value, i.message]} />
            ))}
          </tbody>
        </table>
      </section>
      <form method="post" action={hrefOf(`/data/upload/${props.token}/confirm`)} class="app-inline-form">
        <Csrf token={props.viewer.csrf} />
        <button type="submit" class="govuk-button">
          Import these files and recompute
        </button>
      </form>
      <form method="post" action={hrefOf(`/data/upload/${props.token}/cancel`)} class="app-inline-form">
        <Csrf token={props.viewer.csrf} />
        <button type="submit" class="govuk-button govuk-button--secondary">
          Cancel
        </button>
      </form>
    </Layout>
  );
}
