import { afterEach, describe, expect, it, vi } from "vitest";
import { ApiError } from "../flow/api";
import { BOOT_SMALL_SCREEN, startLoad } from "./boot";
import { SMALL_SCREEN } from "./SmallScreen";

describe("builder.js's early requests (boot.ts)", () => {
  afterEach(() => vi.unstubAllGlobals());

  it("decides a small screen with the small-screen builder's own query", () => {
    expect(BOOT_SMALL_SCREEN).toBe(SMALL_SCREEN);
  });

  it("sends the two GETs the first render waits for, with the session, the id encoded", () => {
    const fetch = vi.fn(() => Promise.resolve(new Response("{}")));
    vi.stubGlobal("fetch", fetch);
    startLoad(12);
    expect(fetch.mock.calls.map((c) => (c as unknown[])[0])).toEqual(["/api/node-types/", "/api/pipelines/12/graph/"]);
    expect((fetch.mock.calls[0] as unknown[])[1]).toMatchObject({ credentials: "same-origin", headers: { Accept: "application/json" } });
  });

  it("leaves a failed request to the builder, which reports it as the API client does", async () => {
    vi.stubGlobal("fetch", vi.fn(() => Promise.reject(new TypeError("offline"))));
    const early = startLoad(3);
    const { answer } = await import("../flow/api");
    await expect(answer(early.graph)).rejects.toMatchObject({ status: 0 });
    vi.stubGlobal("fetch", vi.fn(() => Promise.resolve(new Response('{"detail": "Not found."}', { status: 404 }))));
    const missing = startLoad(99);
    const error = await answer(missing.graph).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 404, message: "Not found." });
  });
});
