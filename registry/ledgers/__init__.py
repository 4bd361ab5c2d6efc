"""Ledgers in and out: the village, township, national and subsidy files (pure, no Qt)."""
