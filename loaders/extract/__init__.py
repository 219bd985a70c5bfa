"""Extractors: pure functions from a laid-out document to rows of one table each."""
