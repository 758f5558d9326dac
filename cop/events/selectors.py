"""Reads for events."""
