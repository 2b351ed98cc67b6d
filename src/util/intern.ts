/**
 * One instance per distinct string, for values many records repeat: a mailbox database's DN and
 * its server's on every user of it, the recipient-type numbers. Each record read from LDAP or
 * parsed from JSON otherwise holds its own copy (100+ bytes each, per user, at 100k users).
 */
export function sharedStrings<T extends object>(
  fields: readonly (keyof T)[],
  maxDistinct = 10_000,
): (record: T) => T {
  const pool = new Map<string, string>();
  return (record) => {
    for (const field of fields) {
      const value = record[field];
      if (typeof value !== 'string') continue;
      const shared = pool.get(value);
      if (shared !== undefined) record[field] = shared as T[keyof T];
      else if (pool.size < maxDistinct) pool.set(value, value);
    }
    return record;
  };
}
