// Drill-down into a pipeline.call node: the called pipeline's builder page, from the node's config
// ({"pipeline": <pipeline id>, "version": <number or null>, ...}).

export const CALL_TYPE = "pipeline.call";

export interface CalledPipeline {
  id: number;
  /** The version the node runs, or null for the called pipeline's current version. */
  version: number | null;
  href: string;
}

const positiveInt = (v: unknown): v is number => typeof v === "number" && Number.isInteger(v) && v > 0;

/** Where a pipeline.call node leads; null for another type or a config without a pipeline id. */
export function calledPipeline(type: string, config: Record<string, unknown> | undefined): CalledPipeline | null {
  if (type !== CALL_TYPE || !config) return null;
  const id = config.pipeline;
  if (!positiveInt(id)) return null;
  const version = positiveInt(config.version) ? config.version : null;
  return { id, version, href: `/pipelines/${id}/builder/` };
}
