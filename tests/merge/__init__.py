"""Tests of the duplicate-merge decision (sync.merge, sync.text, sync.geo_index)."""
