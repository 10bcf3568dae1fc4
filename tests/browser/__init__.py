"""Browser tests of the field app against the real production server."""
