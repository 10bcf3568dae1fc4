"""Bulletins, rankings and exports: 周通报, 月督导, 季排名 and the XLSX/CSV 台账.

Aggregates are computed in the database (GROUP BY), never by loading the ledger
into Python; lists are bounded; working days come from `calendar`.
"""
