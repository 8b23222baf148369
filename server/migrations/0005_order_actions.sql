-- Orders take actions (COM-2) and keep their timeline (COM-1) and refund (TKT-3).
ALTER TABLE orders ADD COLUMN shipping_address TEXT NOT NULL DEFAULT '';
ALTER TABLE orders ADD COLUMN note TEXT NOT NULL DEFAULT '';
ALTER TABLE orders ADD COLUMN timeline TEXT NOT NULL DEFAULT '[]';
ALTER TABLE orders ADD COLUMN urged_at BIGINT;
ALTER TABLE orders ADD COLUMN refund TEXT;
