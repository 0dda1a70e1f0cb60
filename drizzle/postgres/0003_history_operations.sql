CREATE TABLE "agent_session_operations" (
	"session_id" text NOT NULL,
	"operation_id" text NOT NULL,
	"fingerprint" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "agent_session_operations_session_id_operation_id_pk" PRIMARY KEY("session_id","operation_id")
);
--> statement-breakpoint
ALTER TABLE "agent_session_operations" ADD CONSTRAINT "agent_session_operations_session_id_agent_sessions_session_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."agent_sessions"("session_id") ON DELETE cascade ON UPDATE no action;