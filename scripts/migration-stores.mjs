// Every migrations folder under /drizzle and the Drizzle schema it is generated from.
export const migrationStores = [
  { name: 'sqlite', dialect: 'sqlite', schema: ['packages/sqlite/src/schema.ts'] },
  { name: 'postgres', dialect: 'postgresql', schema: ['packages/postgres/src/schema.ts', 'packages/postgres/src/advanced-schema.ts'] },
  { name: 'mysql', dialect: 'mysql', schema: ['packages/mysql/src/schema.ts'] },
  { name: 'advanced-sqlite', dialect: 'sqlite', schema: ['packages/advanced-sqlite/src/schema.ts'] },
];

// The packages that ship migrations, and which /drizzle folders each one carries.
export const migrationPackages = [
  { dir: 'packages/sqlite', stores: ['sqlite'] },
  { dir: 'packages/postgres', stores: ['postgres'] },
  { dir: 'packages/mysql', stores: ['mysql'] },
  { dir: 'packages/advanced-sqlite', stores: ['advanced-sqlite'] },
];
