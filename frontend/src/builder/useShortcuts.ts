// The builder's keyboard shortcuts (listed under "Keyboard shortcuts" in the side panel). Keys typed
// into a form field are the field's.
import { useEffect } from "react";
import type { Editing } from "./useEditing";

function isEditable(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName);
}

export function useShortcuts(canEdit: boolean, editing: Editing): void {
  const { copy, deleteSelection, paste, redo, undo } = editing;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (isEditable(e.target)) return;
      const mod = e.ctrlKey || e.metaKey;
      const key = e.key.toLowerCase();
      if (canEdit && (e.key === "Delete" || e.key === "Backspace") && !mod) {
        e.preventDefault();
        deleteSelection();
      } else if (mod && key === "z" && !e.shiftKey && canEdit) {
        e.preventDefault();
        undo();
      } else if (mod && ((key === "z" && e.shiftKey) || key === "y") && canEdit) {
        e.preventDefault();
        redo();
      } else if (mod && key === "c") {
        copy();
      } else if (mod && key === "v" && canEdit) {
        e.preventDefault();
        paste();
      }
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [canEdit, copy, deleteSelection, paste, redo, undo]);
}
