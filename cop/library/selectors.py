"""Reads for the library."""
