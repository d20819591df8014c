-- The demo shop in the PostgreSQL source (runs once, when the container's data folder is new).
CREATE TABLE customers (
  id bigint PRIMARY KEY,
  name text NOT NULL,
  email text,
  vip boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now());
CREATE TABLE orders (
  id bigint PRIMARY KEY,
  customer_id bigint NOT NULL REFERENCES customers (id),
  status text NOT NULL,
  total numeric(12,2) NOT NULL,
  placed_at timestamptz NOT NULL DEFAULT now());
CREATE TABLE order_items (
  order_id bigint NOT NULL REFERENCES orders (id),
  line_no integer NOT NULL,
  sku text NOT NULL,
  quantity integer NOT NULL,
  unit_price numeric(10,2) NOT NULL,
  PRIMARY KEY (order_id, line_no));

INSERT INTO customers (id, name, email, vip)
SELECT i, 'Customer ' || i, 'customer' || i || '@example.com', i % 7 = 0 FROM generate_series(1, 100) AS i;
INSERT INTO orders (id, customer_id, status, total)
SELECT i, 1 + i % 100, (ARRAY['new', 'paid', 'shipped'])[1 + i % 3], (i * 7.31) % 500 FROM generate_series(1, 300) AS i;
INSERT INTO order_items (order_id, line_no, sku, quantity, unit_price)
SELECT o, l, 'SKU-' || (o * 13 + l) % 250, 1 + (o + l) % 4, ((o + l) * 3.17) % 90 + 1
FROM generate_series(1, 300) AS o, generate_series(1, 3) AS l;
