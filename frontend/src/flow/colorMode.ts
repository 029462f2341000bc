// React Flow's colorMode for the builder and the DAG island, kept in step with the page's theme.
import { useEffect, useState } from "react";
import { flowColorMode, onThemeChange } from "../theme";

export function useFlowColorMode(): "light" | "dark" {
  const [mode, setMode] = useState(flowColorMode());
  useEffect(() => onThemeChange((theme) => setMode(flowColorMode(theme))), []);
  return mode;
}
