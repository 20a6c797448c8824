-- The sweep of image files no row points to (src/images/staged-sweep.ts) asks, a batch of names at a time, which
-- ones an image row names as its picture or its thumbnail: both lookups by index. Stored names are random, so unique.
CREATE UNIQUE INDEX "product_images_thumbnail_file_idx" ON "product_images" USING btree ("thumbnail_file");