"""What compiled rules compute with: interval quantities, table selections, bound references, and
the Env a closure receives."""
