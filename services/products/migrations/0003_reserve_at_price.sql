-- The orders service prices an order from a product it may have read up to a second earlier, and sends the unit
-- price and discount it charges with the reservation: a reservation is granted only at the product's price of that
-- moment, in the same statement that takes the stock, or refused with outcome 'price_changed' (nothing recorded).
-- Callers that send no price (NULL) are not checked. The result columns are those of migration 0002, so a process
-- still calling the three-argument form keeps working.
DROP FUNCTION IF EXISTS reserve_stock(integer, integer, integer);
--> statement-breakpoint
CREATE FUNCTION reserve_stock(
  p_order_id integer, p_product_id integer, p_quantity integer,
  p_unit_price bigint DEFAULT NULL, p_discount integer DEFAULT NULL,
  OUT outcome text, OUT product_id integer, OUT quantity integer, OUT stock integer, OUT released boolean
) LANGUAGE plpgsql AS $$
DECLARE
  is_published boolean;
  current_price bigint;
  current_discount integer;
BEGIN
  -- Products are never removed (deleting unpublishes), so this check cannot be overtaken.
  PERFORM FROM products p WHERE p.id = p_product_id;
  IF NOT FOUND THEN
    outcome := 'unknown_product';
    RETURN;
  END IF;
  INSERT INTO stock_reservations (order_id, product_id, quantity) VALUES (p_order_id, p_product_id, p_quantity)
    ON CONFLICT (order_id) DO NOTHING;
  IF NOT FOUND THEN
    -- The same order again: answer what the first call did, without moving stock (or checking the price again).
    SELECT r.product_id, r.quantity, r.released_at IS NOT NULL INTO product_id, quantity, released
      FROM stock_reservations r WHERE r.order_id = p_order_id;
    IF product_id <> p_product_id OR quantity <> p_quantity THEN
      outcome := 'mismatch';
      RETURN;
    END IF;
    SELECT p.stock INTO stock FROM products p WHERE p.id = p_product_id;
    outcome := 'reserved';
    RETURN;
  END IF;
  product_id := p_product_id;
  quantity := p_quantity;
  released := false;
  -- The usual case: one conditional update, evaluated under the row lock, so stock never goes below zero.
  UPDATE products p SET stock = p.stock - p_quantity
    WHERE p.id = p_product_id AND p.stock >= p_quantity AND p.published
      AND p.price = coalesce(p_unit_price, p.price) AND p.discount = coalesce(p_discount, p.discount)
    RETURNING p.stock INTO stock;
  IF FOUND THEN
    outcome := 'reserved';
    RETURN;
  END IF;
  -- Refused: say why from the row as it is now, locked so that the reason still holds when this commits. Locking the
  -- product after the reservation, as release_stock does, keeps the two from deadlocking.
  SELECT p.published, p.price, p.discount, p.stock INTO is_published, current_price, current_discount, stock
    FROM products p WHERE p.id = p_product_id FOR NO KEY UPDATE;
  outcome := CASE
    WHEN NOT is_published THEN 'unpublished'
    WHEN current_price <> coalesce(p_unit_price, current_price) OR current_discount <> coalesce(p_discount, current_discount)
      THEN 'price_changed'
    WHEN stock < p_quantity THEN 'insufficient_stock'
  END;
  IF outcome IS NULL THEN
    -- The product changed between the update and the lock so that the order now fits: take the stock after all.
    UPDATE products p SET stock = p.stock - p_quantity WHERE p.id = p_product_id RETURNING p.stock INTO stock;
    outcome := 'reserved';
    RETURN;
  END IF;
  -- A refused order leaves no trace, so its id can try again later. A concurrent duplicate waiting on this row
  -- sees it gone at commit and makes its own attempt.
  DELETE FROM stock_reservations r WHERE r.order_id = p_order_id;
  stock := NULL;
END
$$;
