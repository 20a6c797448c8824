ALTER TABLE "orders" ADD COLUMN "settlement" text;--> statement-breakpoint
CREATE INDEX "orders_unpaid_idx" ON "orders" USING btree ("id") WHERE settlement = 'PENDING';--> statement-breakpoint
-- orders delivered before sellers were paid: their charges still sit in escrow and are owed now
UPDATE "orders" SET "settlement" = 'PENDING' WHERE "status" = 'ENTREGADO';
