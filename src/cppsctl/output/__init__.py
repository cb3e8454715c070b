"""Stage 3, output: records and JSON shapes, views, formats, terminal, HTML. Imports analysis and below."""
