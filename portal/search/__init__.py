"""The search index: French analysis, the query language, one index interface and its Whoosh engine.

Features describe their documents and call this package; it knows nothing about them.
"""
