-- The demo shop in the MariaDB source (runs once, when the container's data folder is new; the
-- container's MARIADB_DATABASE, shop, is the current database).
CREATE TABLE customers (
  id bigint PRIMARY KEY,
  name varchar(200) NOT NULL,
  email varchar(200),
  vip boolean NOT NULL DEFAULT false,
  created_at timestamp(6) NOT NULL DEFAULT current_timestamp(6));
CREATE TABLE orders (
  id bigint PRIMARY KEY,
  customer_id bigint NOT NULL,
  status varchar(20) NOT NULL,
  total decimal(12,2) NOT NULL,
  placed_at timestamp(6) NOT NULL DEFAULT current_timestamp(6),
  FOREIGN KEY (customer_id) REFERENCES customers (id));
CREATE TABLE order_items (
  order_id bigint NOT NULL,
  line_no int NOT NULL,
  sku varchar(40) NOT NULL,
  quantity int NOT NULL,
  unit_price decimal(10,2) NOT NULL,
  PRIMARY KEY (order_id, line_no),
  FOREIGN KEY (order_id) REFERENCES orders (id));

INSERT INTO customers (id, name, email, vip)
SELECT seq, CONCAT('Customer ', seq), CONCAT('customer', seq, '@example.com'), seq % 7 = 0 FROM seq_1_to_100;
INSERT INTO orders (id, customer_id, status, total)
SELECT seq, 1 + seq % 100, ELT(1 + seq % 3, 'new', 'paid', 'shipped'), (seq * 7.31) % 500 FROM seq_1_to_300;
INSERT INTO order_items (order_id, line_no, sku, quantity, unit_price)
SELECT o.seq, l.seq, CONCAT('SKU-', (o.seq * 13 + l.seq) % 250), 1 + (o.seq + l.seq) % 4, ((o.seq + l.seq) * 3.17) % 90 + 1
FROM seq_1_to_300 AS o, seq_1_to_3 AS l;

-- What Debezium's binlog connector and Sluice's engine need of their user.
CREATE USER 'sluice'@'%' IDENTIFIED BY 'sluice';
GRANT SELECT, RELOAD, SHOW DATABASES, REPLICATION SLAVE, REPLICATION CLIENT, BINLOG MONITOR ON *.* TO 'sluice'@'%';
