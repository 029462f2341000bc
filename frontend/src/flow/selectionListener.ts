// React Flow (12.12) keeps a selection listener mounted whenever `onSelectionChangeHandlers` is truthy,
// and its default is an empty array: so on every change of its store (each node measured as it comes
// into view, each frame of a pan or a zoom, each arrow-key press) a selector walks every node and every
// edge and, with 2,000 nodes selected, builds and compares arrays of 2,000 ids. Neither the builder nor
// the viewer listens (no onSelectionChange prop, no useOnSelectionChange): without handlers the
// listener is not mounted. A page that starts listening must drop this.
import { useStoreApi } from "@xyflow/react";
import { useEffect } from "react";

export function useNoSelectionListener(): void {
  const store = useStoreApi();
  useEffect(() => {
    if (store.getState().onSelectionChangeHandlers?.length === 0) {
      store.setState({ onSelectionChangeHandlers: undefined as unknown as [] });
    }
  }, [store]);
}
