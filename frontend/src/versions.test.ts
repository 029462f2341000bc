import { describe, expect, it } from "vitest";
import { setupVersionLabels, showVersion } from "./versions";

describe("version labels", () => {
  it("follow pipeline.versioned events of their own pipeline only", () => {
    document.body.innerHTML =
      '<span data-version-of="7">no version yet</span><span data-version-of="8">current version v2</span>';
    setupVersionLabels(document);
    const event = (data: object, type = "pipeline.versioned") =>
      new CustomEvent("sluice:event", { detail: { id: 1, type, topic: "pipeline:7", ts: "", data } });
    document.dispatchEvent(event({ pipeline_id: 7, version: 3 }));
    document.dispatchEvent(event({ pipeline_id: 7, version: 9 }, "pipeline.updated"));
    const [seven, eight] = document.querySelectorAll("span");
    expect(seven.textContent).toBe("current version v3");
    expect(eight.textContent).toBe("current version v2");
    showVersion(document, 8, 4);
    expect(eight.textContent).toBe("current version v4");
  });
});
