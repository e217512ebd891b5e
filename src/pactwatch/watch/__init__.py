"""Watching sources: feeds and sitemaps in, articles ingested, changes out."""
