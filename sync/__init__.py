"""The domain core of 丈量: pure rules with no Flask, SQLAlchemy or server imports.

The ledger's state machine, the merge decision, the sync protocol's rules and the
geo/text helpers live here so they can be tested without a database.
"""
