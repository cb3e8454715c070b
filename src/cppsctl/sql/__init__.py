"""Stage 4, SQL: the dataset as SQLite, its export and a read-only sandbox. Imports output and below."""
