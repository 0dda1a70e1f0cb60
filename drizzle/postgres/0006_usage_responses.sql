CREATE TABLE "advanced_usage_responses" (
	"session_id" text NOT NULL,
	"branch_id" text NOT NULL,
	"response_key" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "advanced_usage_responses_pk" PRIMARY KEY("session_id","branch_id","response_key")
);
--> statement-breakpoint
ALTER TABLE "advanced_usage_responses" ADD CONSTRAINT "advanced_usage_responses_session_fk" FOREIGN KEY ("session_id") REFERENCES "public"."agent_sessions"("session_id") ON DELETE cascade ON UPDATE no action;