-- Debiting an order is a step of every purchase. As a transaction driven from Node it took seven round trips (set
-- isolation, begin, lock, look up, update, insert, commit) and mysql2's packet writes were most of users' CPU per
-- purchase; as a procedure it is one CALL. The rules are those of debitForOrder (src/db/ledger.ts), which maps the
-- outcome row to its answer and replays a duplicate-key refusal.
DROP PROCEDURE IF EXISTS debit_for_order;
--> statement-breakpoint
CREATE PROCEDURE debit_for_order(IN p_order_id INT, IN p_user_id INT, IN p_amount BIGINT)
BEGIN
  DECLARE v_current BIGINT DEFAULT NULL;
  DECLARE v_debited_user INT DEFAULT NULL;
  DECLARE v_debited_amount BIGINT;
  DECLARE v_debited_after BIGINT;
  -- An empty SELECT ... INTO leaves its variables NULL, which is what the checks below read.
  DECLARE CONTINUE HANDLER FOR NOT FOUND BEGIN END;
  -- Never hand the connection back to the pool inside a transaction: undo, then let the caller see the error
  -- (a deadlock is retried whole, a duplicate key is replayed).
  DECLARE EXIT HANDLER FOR SQLEXCEPTION
  BEGIN
    ROLLBACK;
    RESIGNAL;
  END;

  SET TRANSACTION ISOLATION LEVEL READ COMMITTED;
  START TRANSACTION;
  -- The balance row's lock orders operations on one balance one after another, so the look-up below sees any
  -- debit of this order that committed before it, and the check and the update cannot be overtaken.
  SELECT amount INTO v_current FROM balances WHERE user_id = p_user_id FOR UPDATE;
  SELECT user_id, amount, balance_after INTO v_debited_user, v_debited_amount, v_debited_after
    FROM ledger_entries WHERE kind = 'DEBIT' AND order_id = p_order_id LIMIT 1;
  IF v_debited_user IS NOT NULL THEN
    COMMIT;
    -- The same order again: a retry answers like the first call; another consumer or amount is a mismatch.
    IF v_debited_user = p_user_id AND v_debited_amount = p_amount THEN
      SELECT 'ok' AS outcome, v_debited_after AS balance;
    ELSE
      SELECT 'order_mismatch' AS outcome, NULL AS balance;
    END IF;
  ELSEIF v_current IS NULL THEN
    COMMIT;
    SELECT 'no_consumer' AS outcome, NULL AS balance;
  ELSEIF v_current < p_amount THEN
    COMMIT;
    SELECT 'insufficient_funds' AS outcome, NULL AS balance;
  ELSE
    UPDATE balances SET amount = amount - p_amount WHERE user_id = p_user_id AND amount >= p_amount;
    INSERT INTO ledger_entries (user_id, kind, amount, order_id, balance_after)
      VALUES (p_user_id, 'DEBIT', p_amount, p_order_id, v_current - p_amount);
    COMMIT;
    SELECT 'ok' AS outcome, v_current - p_amount AS balance;
  END IF;
END;
