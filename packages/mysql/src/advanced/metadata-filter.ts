import type { MetadataFilter } from '@sessions/core';

/**
 * SQL conditions on `md.metadata` (a JSON object stored as text) for a
 * checked metadata filter: the top-level key holds exactly this value and
 * JSON type (numbers compare as numbers: 1 matches 1.0; strings byte for
 * byte). Written for both MySQL 8 and MariaDB, whose JSON_EXTRACT return
 * types differ (JSON values on MySQL, text on MariaDB).
 */
export function metadataConditions(filter: MetadataFilter = []): { where: string[]; params: unknown[] } {
  const where: string[] = [];
  const params: unknown[] = [];
  for (const [key, value] of filter) {
    const path = `CONCAT('$.', JSON_QUOTE(?))`;
    const extract = `JSON_EXTRACT(md.metadata, ${path})`;
    if (value === null) {
      where.push(`JSON_TYPE(${extract}) = 'NULL'`);
      params.push(key);
    } else if (typeof value === 'boolean') {
      where.push(`(JSON_TYPE(${extract}) = 'BOOLEAN' AND CAST(${extract} AS CHAR) = ?)`);
      params.push(key, key, String(value));
    } else if (typeof value === 'number') {
      where.push(`(JSON_TYPE(${extract}) IN ('INTEGER', 'UNSIGNED INTEGER', 'DOUBLE', 'DECIMAL') AND CAST(${extract} AS DOUBLE) = ?)`);
      params.push(key, key, value);
    } else {
      where.push(`(JSON_TYPE(${extract}) = 'STRING' AND CAST(JSON_UNQUOTE(${extract}) AS BINARY) = CAST(? AS BINARY))`);
      params.push(key, key, value);
    }
  }
  return { where, params };
}
