"""Evidence: incident records, their sources and exhibits, and the annexes
generated from them (chronological table, entries, statistics, charts, map)."""
