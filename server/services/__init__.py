"""One function per operation: load, check with the `sync` rule, change rows, record.

Services never commit: the HTTP handler or the sync loop owns the transaction.
"""
