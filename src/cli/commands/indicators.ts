/** `scorecard indicators`: the catalogue. */

import { UserError } from "../../errors/userError.ts";
import { CATALOGUE } from "../../indicators/catalogue.ts";
import { POLARITY_LABELS, UNIT_LABELS } from "../../indicators/define.ts";
import { toTextTable } from "../../report/tableFormats.ts";
import type { CommandRunner } from "../command.ts";

export const indicatorsCommand: CommandRunner = {
  async run({ values }) {
    const format = values.format ?? "text";
    const list = CATALOGUE.map((i) => ({
      id: i.id,
      area: i.area,
      title: i.title,
      polarity: i.polarity,
      unit: i.unit,
      decimals: i.decimals,
      kind: i.kind,
      definition: i.definition,
      reference: i.reference ?? null,
    }));
    if (format === "json") console.log(JSON.stringify(list, null, 2));
    else if (format === "text") {
      const rows = list.map((i) => ({
        ...i,
        polarity: POLARITY_LABELS[i.polarity],
        unit: UNIT_LABELS[i.unit],
      }));
      process.stdout.write(toTextTable(["id", "area", "title", "polarity", "unit", "kind"], rows));
    } else throw new UserError(`indicators: --format must be text or json (got "${format}")`);
  },
};
