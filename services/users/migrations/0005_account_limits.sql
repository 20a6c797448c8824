CREATE TABLE `rate_limits` (
	`key_hash` char(43) NOT NULL,
	`hits` int unsigned NOT NULL,
	`resets_at` datetime(3) NOT NULL,
	CONSTRAINT `rate_limits_key_hash` PRIMARY KEY(`key_hash`)
);
--> statement-breakpoint
CREATE INDEX `rate_limits_resets_at_idx` ON `rate_limits` (`resets_at`);--> statement-breakpoint
DROP TABLE `password_reset_requests`;