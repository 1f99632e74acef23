// The unit registry shared by every plan, in registration order.
import type { Unit } from '../../../shared/model/plan';
import { bool, int } from '../exec';
import type { RepoEnv } from '../env';
import type { Units } from '../types';

function rowToUnit(r: Record<string, unknown>): Unit {
  return {
    id: r.id as string,
    name: r.name as string,
    shortName: r.short_name as string,
    aliases: JSON.parse(r.aliases as string) as string[],
    kind: r.kind as Unit['kind'],
    needsResolution: bool(r.needs_resolution),
  };
}

export class UnitsRepo implements Units {
  constructor(private env: RepoEnv) {}

  async upsert(u: Unit): Promise<void> {
    this.env.unitCache.clear();
    await this.env.x.run(
      `INSERT INTO units (id, name, short_name, aliases, kind, needs_resolution, ord)
       VALUES (?, ?, ?, ?, ?, ?, (SELECT COALESCE(MAX(ord), 0) + 1 FROM units))
       ON CONFLICT (id) DO UPDATE SET name = excluded.name, short_name = excluded.short_name,
         aliases = excluded.aliases, kind = excluded.kind, needs_resolution = excluded.needs_resolution`,
      [u.id, u.name, u.shortName, JSON.stringify(u.aliases ?? []), u.kind, int(u.needsResolution)],
    );
    await this.env.authChanged(); // a sign-in's label is the unit's short name
  }

  async get(id: string): Promise<Unit | undefined> {
    const cache = this.env.unitCache;
    const hit = cache.get(id);
    if (hit) return hit;
    const gen = cache.gen;
    const r = await this.env.x.get(`SELECT * FROM units WHERE id = ?`, [id]);
    const unit = r ? rowToUnit(r) : undefined;
    if (unit) cache.set(id, unit, gen);
    return unit;
  }

  async list(): Promise<Unit[]> {
    return (await this.env.x.all(`SELECT * FROM units ORDER BY ord, id`)).map(rowToUnit);
  }
}
