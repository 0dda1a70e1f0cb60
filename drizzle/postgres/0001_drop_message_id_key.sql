-- Custom SQL migration file, put your code below! --
-- drizzle-kit cannot name a column-level primary key it drops, so this one statement is written
-- out: 0000_initial's key on "id" alone, named by PostgreSQL. The next migration adds the key
-- ("session_id", "id"); both run in one transaction, so the table is never without a key.
ALTER TABLE "agent_messages" DROP CONSTRAINT "agent_messages_pkey";
