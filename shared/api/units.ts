// The shared unit registry.
import { z } from 'zod';
import { Unit } from '../model/plan';
import { Name, UnitId } from './common';

export const UnitsResponse = z.object({ units: z.array(Unit) });
/** POST /api/admin/units: add or update a unit in the shared registry (ids safe in file names and URLs). */
export const CreateUnitRequest = Unit.extend({
  id: UnitId,
  name: Name(100),
  shortName: Name(100),
  aliases: z.array(Name(100)).max(20).default([]),
});
