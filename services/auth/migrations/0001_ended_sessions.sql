CREATE TABLE "ended_sessions" (
	"seq" bigserial PRIMARY KEY NOT NULL,
	"sid" uuid NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	CONSTRAINT "ended_sessions_sid_unique" UNIQUE("sid")
);
--> statement-breakpoint
CREATE INDEX "ended_sessions_expires_idx" ON "ended_sessions" USING btree ("expires_at");