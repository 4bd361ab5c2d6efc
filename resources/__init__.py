"""Bangfu package."""
