"""Adapters that plug cleaner into other data tools; each needs its own extra (``pip install cleaner[NAME]``)."""
