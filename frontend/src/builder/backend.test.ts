import { describe, expect, it } from "vitest";
import { BACKENDS, backendLabel, DRY_RUN_NOTE, dryRunNote, effectiveBackend, parseBackend, runBody } from "./backend";
import openapi from "../api/openapi.json";

describe("the backend of a run started from the builder", () => {
  it("offers the API's backends, no other", () => {
    const schemas = (openapi as { components: { schemas: Record<string, { enum?: string[] }> } }).components.schemas;
    expect(BACKENDS.map((b) => b.value).sort()).toEqual([...(schemas.PipelineBackendEnum.enum ?? [])].sort());
  });

  it("reads the pipeline's backend from the page, polars for anything else", () => {
    expect(parseBackend("sql")).toBe("sql");
    expect(parseBackend("polars")).toBe("polars");
    expect(parseBackend("spark")).toBe("spark");
    for (const hostile of [undefined, null, "", "SQL", "Spark", "sql ", "__proto__", "constructor", "x".repeat(10_000)]) {
      expect(parseBackend(hostile)).toBe("polars");
    }
  });

  it("sends backend only when the run overrides the pipeline's", () => {
    expect(runBody("")).toEqual({});
    expect(runBody("sql")).toEqual({ backend: "sql" });
    expect(runBody("polars")).toEqual({ backend: "polars" });
  });

  it("computes where the choice says, else where the pipeline does", () => {
    expect(effectiveBackend("", "sql")).toBe("sql");
    expect(effectiveBackend("", "polars")).toBe("polars");
    expect(effectiveBackend("polars", "sql")).toBe("polars");
    expect(effectiveBackend("sql", "polars")).toBe("sql");
  });

  it("says dry-runs stay on Polars when the run would not", () => {
    expect(dryRunNote("", "polars")).toBeNull();
    expect(dryRunNote("polars", "sql")).toBeNull();
    expect(dryRunNote("", "sql")).toBe(DRY_RUN_NOTE);
    expect(dryRunNote("sql", "polars")).toBe(DRY_RUN_NOTE);
    expect(backendLabel("sql")).toBe("SQL");
    expect(backendLabel("polars")).toBe("Polars");
  });
});
