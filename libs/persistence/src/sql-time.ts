/** SQLite keeps datetimes as 'YYYY-MM-DD HH:MM:SS.SSS' UTC text (as TypeORM writes them); mysql2 binds Dates. */
export function sqlTime(dialect: 'mysql' | 'sqlite', date: Date): Date | string {
  return dialect === 'sqlite' ? date.toISOString().replace('T', ' ').replace('Z', '') : date;
}
