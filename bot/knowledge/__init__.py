"""The knowledge: the YAML files and the job postings → a validated, frozen `Knowledge`.

Owns the data model, the one text normaliser (`text.fold`), the loader and its problems
(`Problem(file, line, message)`, the maintainers' French sentences in `messages`), the
postings' format and the community's time zone. The innermost package: it may import only
itself, the standard library and pyyaml.
"""
