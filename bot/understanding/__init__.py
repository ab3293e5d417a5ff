"""Understanding: a French question → `Query(intent, subject, score)`.

Owns the alias index and the matching rules and thresholds. May import the knowledge, the
standard library, rapidfuzz and the text libraries it adopts — nothing outside the core.
"""
