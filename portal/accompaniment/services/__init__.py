"""The rules of accompaniment, one module per concern; views and commands commit, these flush."""
