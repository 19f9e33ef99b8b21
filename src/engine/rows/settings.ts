/** A row of `settings` (migration 001). */
export interface SettingRow {
  key: string;
  value: string;
}
