"""Plain values that services return and that documents and screens read (no database, no Qt)."""
