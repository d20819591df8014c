-- One warehouse, two writers side by side: the Connect sink writes schema connect_sink, the standalone
-- engine schema engine. Each keeps its offsets and quarantine table in its own schema.
CREATE SCHEMA connect_sink;
CREATE SCHEMA engine;
