-- A retried top-up (a timeout, a double click) sent with the same Idempotency-Key credits once: the key is kept on
-- the ledger entry the credit writes, in the same transaction, and is unique per consumer. Debits and refunds leave it
-- NULL, which MariaDB lets repeat.
ALTER TABLE `ledger_entries` ADD `idempotency_key` varchar(100) CHARACTER SET ascii COLLATE ascii_bin;--> statement-breakpoint
ALTER TABLE `ledger_entries` ADD CONSTRAINT `ledger_user_key_uq` UNIQUE(`user_id`,`idempotency_key`);