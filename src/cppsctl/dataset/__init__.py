"""Stage 1, the dataset in: read, check and build TOML datasets, and cache them. Imports the base modules only."""
