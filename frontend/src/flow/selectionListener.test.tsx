import { ReactFlowProvider, useStoreApi } from "@xyflow/react";
import { cleanup, render } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { useNoSelectionListener } from "./selectionListener";

let handlers: unknown = "unset";

function Probe() {
  handlers = useStoreApi().getState().onSelectionChangeHandlers;
  return null;
}

function Dropping() {
  useNoSelectionListener();
  return <Probe />;
}

describe("React Flow's selection listener", () => {
  afterEach(cleanup);

  it("is on by default (an empty list of handlers counts as some)", () => {
    render(<ReactFlowProvider><Probe /></ReactFlowProvider>);
    expect(handlers).toEqual([]);
  });

  it("is off once the page says it has no handlers", () => {
    const { rerender } = render(<ReactFlowProvider><Dropping /></ReactFlowProvider>);
    rerender(<ReactFlowProvider><Dropping /></ReactFlowProvider>);
    expect(handlers).toBeUndefined();
  });
});
