"""What compiled rules compute with: interval quantities, table selections, bound references, the Env a closure receives."""
