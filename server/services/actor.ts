// Who is acting: resolved from the access code (or the server console for local admin commands).
export interface Actor {
  role: 'unit' | 'coordinator';
  /** The unit a unit code belongs to; null for the coordinator. */
  unitId: string | null;
  /** Access code id (null for the server console). */
  codeId: string | null;
  /** Shown in history: the person of the code, else the unit's short name, else 协调办公室. */
  label: string;
}

export const CONSOLE_ACTOR: Actor = { role: 'coordinator', unitId: null, codeId: null, label: '服务器控制台' };
