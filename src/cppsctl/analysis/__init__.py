"""Stage 2, analysis: filter, search, lineage, compare, history, timeline. Imports the base modules only."""
