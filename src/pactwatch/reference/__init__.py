"""The bundled reference dataset: curated agreement records, every fact cited."""
