"""Analyst review: decisions (accept, reject, correct, undo) and the review queue."""
