"""Use cases: take plain values, check them, write them in one unit of work, audit them."""
