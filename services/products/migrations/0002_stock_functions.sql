-- Reserving and releasing stock are steps of every purchase and cancellation. As transactions driven from Node they
-- took five round trips each; as functions they take one statement, and the row locks last only while it runs.
-- Every outcome is a row (never an exception), so the service maps them to answers without a rolled-back error.

-- Takes `quantity` units for an order, once. The reservation row's primary key is the order id, so a retry or a
-- concurrent duplicate finds it; the decrement is conditional and PostgreSQL evaluates it under the row lock, so
-- stock never goes below zero however many orders race.
-- outcome: 'reserved' (now or earlier; released says whether it was given back since), 'unknown_product',
-- 'mismatch' (the order id already reserved something else, named by product_id and quantity),
-- 'insufficient_stock' or 'unpublished' (nothing recorded).
CREATE OR REPLACE FUNCTION reserve_stock(
  p_order_id integer, p_product_id integer, p_quantity integer,
  OUT outcome text, OUT product_id integer, OUT quantity integer, OUT stock integer, OUT released boolean
) LANGUAGE plpgsql AS $$
DECLARE
  is_published boolean;
BEGIN
  -- Products are never removed (deleting unpublishes), so this check cannot be overtaken.
  SELECT p.published INTO is_published FROM products p WHERE p.id = p_product_id;
  IF NOT FOUND THEN
    outcome := 'unknown_product';
    RETURN;
  END IF;
  INSERT INTO stock_reservations (order_id, product_id, quantity) VALUES (p_order_id, p_product_id, p_quantity)
    ON CONFLICT (order_id) DO NOTHING;
  IF NOT FOUND THEN
    -- The same order again: answer what the first call did, without moving stock.
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
  UPDATE products p SET stock = p.stock - p_quantity
    WHERE p.id = p_product_id AND p.stock >= p_quantity AND p.published
    RETURNING p.stock INTO stock;
  IF NOT FOUND THEN
    -- A refused order leaves no trace, so its id can try again later. A concurrent duplicate waiting on this row
    -- sees it gone at commit and makes its own attempt.
    DELETE FROM stock_reservations r WHERE r.order_id = p_order_id;
    outcome := CASE WHEN is_published THEN 'insufficient_stock' ELSE 'unpublished' END;
    RETURN;
  END IF;
  outcome := 'reserved';
  product_id := p_product_id;
  quantity := p_quantity;
  released := false;
END
$$;
--> statement-breakpoint
-- Gives an order's units back, exactly once: the conditional update of released_at lets one caller through, and
-- later calls answer the same without moving stock.
-- outcome: 'released' (now or earlier) or 'unknown_reservation'.
CREATE OR REPLACE FUNCTION release_stock(
  p_order_id integer,
  OUT outcome text, OUT product_id integer, OUT quantity integer, OUT stock integer
) LANGUAGE plpgsql AS $$
BEGIN
  UPDATE stock_reservations r SET released_at = now()
    WHERE r.order_id = p_order_id AND r.released_at IS NULL
    RETURNING r.product_id, r.quantity INTO product_id, quantity;
  IF FOUND THEN
    UPDATE products p SET stock = p.stock + quantity WHERE p.id = product_id RETURNING p.stock INTO stock;
  ELSE
    SELECT r.product_id, r.quantity INTO product_id, quantity FROM stock_reservations r WHERE r.order_id = p_order_id;
    IF NOT FOUND THEN
      outcome := 'unknown_reservation';
      RETURN;
    END IF;
    SELECT p.stock INTO stock FROM products p WHERE p.id = product_id;
  END IF;
  outcome := 'released';
END
$$;
