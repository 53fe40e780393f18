/**
 * The census header: the collection year (by ReferenceDate when the two
 * disagree) and the council's LA code, which a given code overrides.
 */
import { kid, type Node, type ReadContext, type Val } from "./context.ts";

/** Reads the collection year and LA from `<Header>`; the given LA code wins, with a warning when they differ. */
export function readHeader(ctx: ReadContext, node: Node): void {
  const details = kid(node, "CollectionDetails");
  const year = details?.leaf.get("Year");
  if (year) {
    if (/^\d{4}$/.test(year.text)) ctx.collectionYear = Number(year.text);
    else ctx.at("warning", "CIN_HEADER", year, "the collection year is not a 4-digit year: it was ignored");
  }
  const reference = details?.leaf.get("ReferenceDate");
  const referenceDate = reference ? ctx.date(reference, "warning") : undefined;
  if (
    reference &&
    referenceDate &&
    ctx.collectionYear &&
    !referenceDate.startsWith(String(ctx.collectionYear))
  ) {
    const year = ctx.collectionYear;
    // DfE's collection goes by ReferenceDate, and so does everything year-specific here.
    ctx.collectionYear = Number(referenceDate.slice(0, 4));
    ctx.at(
      "warning",
      "CIN_HEADER",
      reference,
      `the header says Year ${year} but ReferenceDate ${referenceDate}: DfE's collection goes by ReferenceDate, and so do the year-specific checks (${ctx.collectionYear})`,
    );
  }
  const leas = node.kids
    .filter((k) => k.name === "Source")
    .map((k) => k.leaf.get("LEA"))
    .filter((v): v is Val => v !== undefined);
  for (const lea of leas) {
    if (!/^\d{3}$/.test(lea.text)) {
      ctx.at("warning", "CIN_HEADER", lea, "the LEA is not a 3-digit LA code: it was ignored");
    } else if (ctx.fileLa === undefined) {
      ctx.fileLa = lea.text;
    } else if (lea.text !== ctx.fileLa) {
      ctx.at("warning", "CIN_HEADER", lea, `a second Source names LA ${lea.text}; ${ctx.fileLa} was used`);
    }
  }
  const given = ctx.options.laCode;
  if (given !== undefined && ctx.fileLa !== undefined && given !== ctx.fileLa) {
    const lea = leas[0]!;
    ctx.at(
      "warning",
      "CIN_LA_OVERRIDE",
      lea,
      `the file says LA ${ctx.fileLa}; LA ${given} was used as asked`,
    );
  }
  ctx.la = given ?? ctx.fileLa;
}
