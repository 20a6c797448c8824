-- The canonical username (trimmed, lower-case), filled for the accounts that exist, then required and unique.
ALTER TABLE `users` ADD `username_key` varchar(32) CHARACTER SET ascii COLLATE ascii_bin;--> statement-breakpoint
UPDATE `users` SET `username_key` = LOWER(TRIM(`username`));--> statement-breakpoint
ALTER TABLE `users` MODIFY `username_key` varchar(32) CHARACTER SET ascii COLLATE ascii_bin NOT NULL;--> statement-breakpoint
ALTER TABLE `users` ADD CONSTRAINT `users_username_key_unique` UNIQUE(`username_key`);
