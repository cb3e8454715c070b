"""Stage 3, output: records and JSON shapes, views, formats, terminal, HTML, files. Imports analysis and below."""
