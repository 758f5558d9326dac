"""Reads for updates."""
