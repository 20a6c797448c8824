-- A new product is published in one request, all or nothing, and a retried request with the same Idempotency-Key
-- finds the first product (one per seller and key) instead of publishing another; the digest tells the same request
-- from another sent with the same key (docs/internals.md, "Publishing a product whole").
ALTER TABLE "products" ADD COLUMN "idempotency_key" text;--> statement-breakpoint
ALTER TABLE "products" ADD COLUMN "idempotency_digest" text;--> statement-breakpoint
CREATE UNIQUE INDEX "products_idempotency_uq" ON "products" USING btree ("seller_id","idempotency_key");