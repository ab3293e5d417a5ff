"""Answers: a `Query` → an `Answer` as data (lines and spans), then Markdown.

Owns every sentence a community member reads (`phrases`) and the only producer of Markdown
(`render`). May import understanding and knowledge, the standard library and rapidfuzz.
"""
