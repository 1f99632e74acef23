// The plan model: plan → tasks → measures → assignments, plus the unit registry.
// zod schemas are the single source of these types (server, add-in, console, CLI).
import { z } from 'zod';

export const UnitKind = z.enum([
  'provincial_department', // 省交通运输厅, 省发展改革委 …
  'party_organ', // 省委宣传部, 省委组织部, 省委党校（山东行政学院）
  'city_government', // 临沂市人民政府 …
  'placeholder_group', // 省有关部门, 相关市政府: the office must resolve these to concrete units
  'other', // 省政府 …
]);
export type UnitKind = z.infer<typeof UnitKind>;

/** A unit in the registry shared by all plans. `id` is stable; by default the canonical name. */
export const Unit = z.object({
  id: z.string().min(1),
  name: z.string().min(1), // canonical name, e.g. 临沂市人民政府
  shortName: z.string().min(1), // e.g. 临沂市政府
  aliases: z.array(z.string()).default([]),
  kind: UnitKind,
  /** For a placeholder group: true until the office has resolved it to concrete units. */
  needsResolution: z.boolean().default(false),
});
export type Unit = z.infer<typeof Unit>;

/** A named group that expands to concrete units (鲁南4市政府 → the four city governments). */
export const UnitGroup = z.object({
  name: z.string(),
  aliases: z.array(z.string()).default([]),
  members: z.array(z.string()), // unit ids
});
export type UnitGroup = z.infer<typeof UnitGroup>;

export const AssignmentRole = z.enum(['lead', 'co']);
export type AssignmentRole = z.infer<typeof AssignmentRole>;

export const Assignment = z.object({
  unitId: z.string(),
  role: AssignmentRole, // 牵头 (first listed; all members if the first is an expanded group) or 配合
  order: z.number().int().nonnegative(), // the order listed in the source, 0 = first
  /** Index of the `，`-separated group this unit was listed in (0 for the first). */
  group: z.number().int().nonnegative().default(0),
  /** Name of the group this unit was expanded from, e.g. 鲁南4市政府. */
  viaGroup: z.string().optional(),
});
export type Assignment = z.infer<typeof Assignment>;

export const Measure = z.object({
  /** Stable identifier; survives re-import. Never the display number. */
  key: z.string().min(1),
  /** Display number as people see it: "1.2" (task 序号 + measure position). */
  no: z.string(),
  text: z.string().min(1),
  assignments: z.array(Assignment),
  /** `，`-groups whose list ended with 等 (list not exhaustive): their indexes in `group`. */
  openGroups: z.array(z.number().int().nonnegative()).default([]),
  /** 分别负责: each unit covers its own part (as opposed to plain 负责). */
  eachOwnPart: z.boolean().default(false),
  /** The 责任单位 text as in the source (cleaned), for people to check. */
  unitsText: z.string().default(''),
});
export type Measure = z.infer<typeof Measure>;

export const Task = z.object({
  /** 序号 as in the source ("1" … "26"). */
  no: z.string(),
  title: z.string(),
  measures: z.array(Measure),
});
export type Task = z.infer<typeof Task>;

export const ImportWarning = z.object({
  code: z.string(), // stable, e.g. UNITS_MEASURES_MISMATCH, SUSPECT_DOUBLED_TEXT
  message: z.string(), // Chinese, for the office
  taskNo: z.string().optional(),
  measureNo: z.string().optional(),
  text: z.string().optional(),
});
export type ImportWarning = z.infer<typeof ImportWarning>;

export const Plan = z.object({
  title: z.string(),
  tasks: z.array(Task),
  units: z.array(Unit), // the units this plan references (a subset of the registry)
  groups: z.array(UnitGroup).default([]),
  warnings: z.array(ImportWarning).default([]),
});
export type Plan = z.infer<typeof Plan>;

/** The result of comparing a revised table with the current plan (keys kept where matched). */
export const PlanDiff = z.object({
  addedMeasures: z.array(z.object({ key: z.string(), no: z.string(), text: z.string() })),
  removedMeasures: z.array(z.object({ key: z.string(), no: z.string(), text: z.string() })),
  changedMeasures: z.array(
    z.object({ key: z.string(), no: z.string(), oldNo: z.string(), oldText: z.string(), text: z.string(), similarity: z.number() }),
  ),
  addedAssignments: z.array(z.object({ key: z.string(), unitId: z.string() })),
  removedAssignments: z.array(z.object({ key: z.string(), unitId: z.string() })),
  changedLeads: z.array(z.object({ key: z.string(), oldLead: z.array(z.string()), lead: z.array(z.string()) })),
  addedTasks: z.array(z.object({ no: z.string(), title: z.string() })),
  removedTasks: z.array(z.object({ no: z.string(), title: z.string() })),
  /** Matched measures whose display number moved (e.g. after an inserted task); keys unchanged. */
  renumberedMeasures: z.array(z.object({ key: z.string(), no: z.string(), oldNo: z.string() })).optional(),
  /** Matched tasks whose title was reworded. */
  renamedTasks: z.array(z.object({ no: z.string(), oldNo: z.string(), oldTitle: z.string(), title: z.string() })).optional(),
});
export type PlanDiff = z.infer<typeof PlanDiff>;
