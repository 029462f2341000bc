// The builder's keyboard shortcuts (listed under "Keyboard shortcuts" in the side panel). Keys typed
// into a form field are the field's.
import { useEffect } from "react";
import type { Editing } from "./useEditing";

function isEditable(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName);
}

export function useShortcuts(canEdit: boolean, editing: Editing, onFind: () => void): void {
  const { copy, deleteSelection, duplicate, paste, redo, undo, selectAll } = editing;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const mod = e.ctrlKey || e.metaKey;
      const key = e.key.toLowerCase();
      // Find works from anywhere in the builder, a form field included (the browser's own find is
      // blind to the nodes React Flow does not draw).
      if (mod && key === "f" && !e.shiftKey && !e.altKey) {
        e.preventDefault();
        onFind();
        return;
      }
      if (isEditable(e.target)) return;
      if (canEdit && (e.key === "Delete" || e.key === "Backspace") && !mod) {
        e.preventDefault();
        deleteSelection();
      } else if (mod && key === "z" && !e.shiftKey && canEdit) {
        e.preventDefault();
        undo();
      } else if (mod && ((key === "z" && e.shiftKey) || key === "y") && canEdit) {
        e.preventDefault();
        redo();
      } else if (mod && key === "a") {
        e.preventDefault();
        selectAll();
      } else if (mod && key === "c") {
        copy();
      } else if (mod && key === "v" && canEdit) {
        e.preventDefault();
        paste();
      } else if (mod && key === "d" && !e.shiftKey && canEdit) {
        e.preventDefault();
        duplicate();
      }
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [canEdit, copy, deleteSelection, duplicate, paste, redo, undo, selectAll, onFind]);
}
