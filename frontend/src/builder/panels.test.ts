import { describe, expect, it } from "vitest";
import type { NodeTypeInfo } from "../flow/types";
import { problemsToErrorSchema } from "./NodePanel";
import { groupTypes } from "./Palette";

const t = (key: string, family: string, title: string): NodeTypeInfo => ({
  key, family, title, description: `${title} rows`, icon: "", inputs: [], outputs: [], dynamic_outputs: false, config_schema: {}, example: null,
});

describe("palette", () => {
  const types = [t("transform.sort", "transform", "Sort"), t("source.file", "source", "File"), t("destination.file", "destination", "File out"), t("transform.filter", "transform", "Filter"), t("x.y", "custom", "Custom")];
  it("groups by family in a fixed order, sorted by title", () => {
    expect(groupTypes(types, "").map(([f, l]) => [f, l.map((x) => x.key)])).toEqual([
      ["source", ["source.file"]],
      ["transform", ["transform.filter", "transform.sort"]],
      ["destination", ["destination.file"]],
      ["custom", ["x.y"]],
    ]);
  });
  it("searches keys, titles and descriptions", () => {
    expect(groupTypes(types, "FIL").flatMap(([, l]) => l.map((x) => x.key))).toEqual(["source.file", "transform.filter", "destination.file"]);
    expect(groupTypes(types, "nothing")).toEqual([]);
  });
});

describe("server problems in the config form", () => {
  it("nests config field paths", () => {
    expect(
      problemsToErrorSchema([
        { node: "f", field: "config.condition", code: "schema_error", message: "Unknown column x." },
        { node: "f", field: "config.routes.0.port", code: "bad_config", message: "Bad port." },
        { node: "f", field: "config", code: "bad_config", message: "Whole config." },
        { node: "f", field: "inputs.in", code: "missing_input", message: "Not a config problem." },
      ]),
    ).toEqual({
      condition: { __errors: ["Unknown column x."] },
      routes: { 0: { port: { __errors: ["Bad port."] } } },
      __errors: ["Whole config."],
    });
  });
});
