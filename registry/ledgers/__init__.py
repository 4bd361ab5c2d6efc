"""Ledgers in and out: importing the county's existing spreadsheets, exporting Bangfu's. No Qt."""
